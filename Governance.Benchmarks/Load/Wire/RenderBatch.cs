using System.Buffers.Binary;
using System.Text;

namespace Governance.Benchmarks.Load.Wire;

/// <summary>
/// One render batch as the server sends it to blazor.web.js (<c>JS.RenderBatch</c>), decoded from its binary form:
/// fixed-size entries so that any entry can be indexed, the offsets of the five regions in the last 20 bytes, and a
/// string table (length-prefixed UTF-8, as <see cref="BinaryWriter"/> writes it) that the frames and edits point into.
/// The layout is ASP.NET Core's <c>RenderBatchWriter</c> (Microsoft.AspNetCore.Components.Server); this reader reads
/// only what a client needs to rebuild the page: the components' edits, the frames they reference, and disposals.
/// </summary>
public sealed class RenderBatch
{
    public const int FrameSize = 20;
    private const int EditSize = 16;

    public required IReadOnlyList<ComponentDiff> Diffs { get; init; }
    public required Frame[] Frames { get; init; }
    public required int[] DisposedComponents { get; init; }

    public static RenderBatch Read(ReadOnlySpan<byte> data)
    {
        var end = data.Length - 20;
        var diffsAt = Int(data, end);
        var framesAt = Int(data, end + 4);
        var disposedAt = Int(data, end + 8);
        var stringsAt = Int(data, end + 16);
        var strings = new string?[(end - stringsAt) / 4];
        string? Str(ReadOnlySpan<byte> d, int index) => index < 0 ? null : strings[index] ??= ReadString(d, Int(d, stringsAt + 4 * index));

        var frameCount = Int(data, framesAt);
        var frames = new Frame[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            var at = framesAt + 4 + i * FrameSize;
            var type = (FrameType)Int(data, at);
            frames[i] = type switch
            {
                FrameType.Element => new Frame(type, Int(data, at + 4), Str(data, Int(data, at + 8)), null, 0, 0),
                FrameType.Text or FrameType.Markup or FrameType.ElementReferenceCapture => new Frame(type, 1, Str(data, Int(data, at + 4)), null, 0, 0),
                FrameType.Attribute => new Frame(type, 1, Str(data, Int(data, at + 4)), Str(data, Int(data, at + 8)),
                    BinaryPrimitives.ReadUInt64LittleEndian(data[(at + 12)..]), 0),
                FrameType.Component => new Frame(type, Int(data, at + 4), null, null, 0, Int(data, at + 8)),
                FrameType.Region => new Frame(type, Int(data, at + 4), null, null, 0, 0),
                _ => new Frame(type, 1, null, null, 0, 0),
            };
        }

        var diffCount = Int(data, diffsAt);
        var diffs = new List<ComponentDiff>(diffCount);
        for (var i = 0; i < diffCount; i++)
        {
            var at = Int(data, diffsAt + 4 + 4 * i);
            var componentId = Int(data, at);
            var editCount = Int(data, at + 4);
            var edits = new Edit[editCount];
            for (var e = 0; e < editCount; e++)
            {
                var ea = at + 8 + e * EditSize;
                edits[e] = new Edit((EditType)Int(data, ea), Int(data, ea + 4), Int(data, ea + 8), Str(data, Int(data, ea + 12)));
            }
            diffs.Add(new ComponentDiff(componentId, edits));
        }

        var disposedCount = Int(data, disposedAt);
        var disposed = new int[disposedCount];
        for (var i = 0; i < disposedCount; i++) disposed[i] = Int(data, disposedAt + 4 + 4 * i);
        return new RenderBatch { Diffs = diffs, Frames = frames, DisposedComponents = disposed };
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);

    /// <summary>A <see cref="BinaryWriter.Write(string)"/> string: a 7-bit encoded byte length, then UTF-8.</summary>
    private static string ReadString(ReadOnlySpan<byte> data, int at)
    {
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = data[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return Encoding.UTF8.GetString(data.Slice(at, length));
    }
}

public enum FrameType { Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, ElementReferenceCapture = 6, ComponentReferenceCapture = 7, Markup = 8, ComponentRenderMode = 9, NamedEvent = 10 }

public enum EditType { PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5, StepIn = 6, StepOut = 7, UpdateMarkup = 8, PermutationListEntry = 9, PermutationListEnd = 10 }

/// <summary>
/// A reference frame. <see cref="SubtreeLength"/> counts the frame itself and everything inside it (elements,
/// components, regions; 1 for the rest). <see cref="Name"/> is the element's or attribute's name, or the text, markup or
/// reference-capture id; <see cref="Value"/> an attribute's value (null when absent or false).
/// </summary>
public readonly record struct Frame(FrameType Type, int SubtreeLength, string? Name, string? Value, ulong EventHandlerId, int ComponentId);

/// <summary>An edit; <see cref="ReferenceFrameIndex"/> doubles as the move target of a permutation entry.</summary>
public readonly record struct Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName);

public sealed record ComponentDiff(int ComponentId, Edit[] Edits);
