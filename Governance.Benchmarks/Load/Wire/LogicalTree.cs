using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Benchmarks.Load.Wire;

/// <summary>
/// The page as blazor.web.js holds it, rebuilt from render batches: each component owns a logical container whose
/// children are what it rendered; a component frame in a parent is a placeholder that the child's own container fills.
/// Regions are flattened, so an edit's sibling index counts elements, texts, markup blocks and component placeholders
/// (as the browser's renderer does). Only interactive root components are here — the static HTML around them is not.
/// Not thread-safe: the client applies batches and runs queries under one lock.
/// </summary>
public sealed partial class LogicalTree
{
    private readonly Dictionary<int, Container> _components = [];
    private readonly List<int> _roots = [];

    public abstract class Node;

    public class Container : Node
    {
        public List<Node> Children { get; } = [];
    }

    public sealed class Element(string name) : Container
    {
        public string Name { get; } = name;
        public Dictionary<string, string> Attributes { get; } = [];
        public Dictionary<string, ulong> Handlers { get; } = [];
        public string? Attribute(string name) => Attributes.GetValueOrDefault(name);
        public bool HasClass(string cls) => Attribute("class") is { } c && c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(cls);
        public override string ToString() => $"<{Name} {string.Join(' ', Attributes.Select(a => $"{a.Key}=\"{a.Value}\""))} {string.Join(' ', Handlers.Keys)}>";
    }

    public sealed class Text(string text) : Node
    {
        public string Value { get; set; } = text;
    }

    public sealed class Markup(string html) : Node
    {
        public string Html { get; set; } = html;
    }

    public sealed class ComponentSlot(int componentId) : Node
    {
        public int ComponentId { get; } = componentId;
    }

    /// <summary><c>JS.AttachComponent</c>: a root component (the SSR placeholder it replaces is not modelled).</summary>
    public void AttachRoot(int componentId)
    {
        _roots.Add(componentId);
        ContainerOf(componentId);
    }

    public void Apply(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs) ApplyDiff(ContainerOf(diff.ComponentId), diff.Edits, batch.Frames);
        foreach (var id in batch.DisposedComponents)
        {
            _components.Remove(id);
            _roots.Remove(id);
        }
    }

    private Container ContainerOf(int componentId)
    {
        if (!_components.TryGetValue(componentId, out var container)) _components[componentId] = container = new Container();
        return container;
    }

    private void ApplyDiff(Container root, Edit[] edits, Frame[] frames)
    {
        var parents = new Stack<Container>();
        var current = root;
        List<(int From, int To)>? permutation = null;
        foreach (var edit in edits)
        {
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(current, edit.SiblingIndex, frames, edit.ReferenceFrameIndex);
                    break;
                case EditType.RemoveFrame:
                    current.Children.RemoveAt(edit.SiblingIndex);
                    break;
                case EditType.SetAttribute:
                    SetAttribute((Element)current.Children[edit.SiblingIndex], frames[edit.ReferenceFrameIndex]);
                    break;
                case EditType.RemoveAttribute:
                    var element = (Element)current.Children[edit.SiblingIndex];
                    element.Attributes.Remove(edit.RemovedAttributeName!);
                    element.Handlers.Remove(edit.RemovedAttributeName!);
                    break;
                case EditType.UpdateText:
                    ((Text)current.Children[edit.SiblingIndex]).Value = frames[edit.ReferenceFrameIndex].Name ?? "";
                    break;
                case EditType.UpdateMarkup:
                    ((Markup)current.Children[edit.SiblingIndex]).Html = frames[edit.ReferenceFrameIndex].Name ?? "";
                    break;
                case EditType.StepIn:
                    parents.Push(current);
                    current = (Container)current.Children[edit.SiblingIndex];
                    break;
                case EditType.StepOut:
                    current = parents.Pop();
                    break;
                case EditType.PermutationListEntry:
                    (permutation ??= []).Add((edit.SiblingIndex, edit.ReferenceFrameIndex));
                    break;
                case EditType.PermutationListEnd:
                    var before = current.Children.ToArray();
                    foreach (var (from, to) in permutation ?? []) current.Children[to] = before[from];
                    permutation = null;
                    break;
                default:
                    throw new InvalidDataException($"unknown edit type {edit.Type}");
            }
        }
    }

    /// <summary>Inserts the frame at <paramref name="index"/> of <paramref name="parent"/>; returns how many nodes it became.</summary>
    private int InsertFrame(Container parent, int index, Frame[] frames, int at)
    {
        var frame = frames[at];
        switch (frame.Type)
        {
            case FrameType.Element:
                var element = new Element(frame.Name!);
                parent.Children.Insert(index, element);
                var end = at + frame.SubtreeLength;
                var child = at + 1;
                for (; child < end && frames[child].Type == FrameType.Attribute; child++) SetAttribute(element, frames[child]);
                InsertRange(element, 0, frames, child, end);
                return 1;
            case FrameType.Text:
                parent.Children.Insert(index, new Text(frame.Name ?? ""));
                return 1;
            case FrameType.Markup:
                parent.Children.Insert(index, new Markup(frame.Name ?? ""));
                return 1;
            case FrameType.Component:
                parent.Children.Insert(index, new ComponentSlot(frame.ComponentId));
                ContainerOf(frame.ComponentId);
                return 1;
            case FrameType.Region:
                return InsertRange(parent, index, frames, at + 1, at + frame.SubtreeLength);
            default:
                return 0; // attributes (handled by their element), reference captures, render modes, named events
        }
    }

    private int InsertRange(Container parent, int index, Frame[] frames, int start, int end)
    {
        var first = index;
        for (var at = start; at < end; at += frames[at].Type is FrameType.Element or FrameType.Component or FrameType.Region ? frames[at].SubtreeLength : 1)
            index += InsertFrame(parent, index, frames, at);
        return index - first;
    }

    private static void SetAttribute(Element element, Frame attribute)
    {
        var name = attribute.Name!;
        if (attribute.EventHandlerId != 0) element.Handlers[name] = attribute.EventHandlerId;
        else if (attribute.Value is null) element.Attributes.Remove(name);
        else element.Attributes[name] = attribute.Value;
    }

    // ---- queries ----

    /// <summary>Every element of the live page, in document order.</summary>
    public IEnumerable<Element> Elements() => _roots.ToArray().SelectMany(id => Descendants(ContainerOf(id)));

    private IEnumerable<Element> Descendants(Container container)
    {
        foreach (var node in container.Children)
        {
            switch (node)
            {
                case Element e:
                    yield return e;
                    foreach (var d in Descendants(e)) yield return d;
                    break;
                case ComponentSlot slot when _components.TryGetValue(slot.ComponentId, out var child):
                    foreach (var d in Descendants(child)) yield return d;
                    break;
            }
        }
    }

    public Element? ById(string id) => Elements().FirstOrDefault(e => e.Attribute("id") == id);

    /// <summary>The text a user reads in the node: texts, and the text of markup blocks with their tags stripped.</summary>
    public string TextOf(Container container)
    {
        var text = new StringBuilder();
        void Walk(Container c)
        {
            foreach (var node in c.Children)
            {
                switch (node)
                {
                    case Text t: text.Append(t.Value); break;
                    case Markup m: text.Append(Tags().Replace(m.Html, "")); break;
                    case Element e: Walk(e); break;
                    case ComponentSlot slot when _components.TryGetValue(slot.ComponentId, out var child): Walk(child); break;
                }
            }
        }
        Walk(container);
        return text.ToString().Trim();
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
