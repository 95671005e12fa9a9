using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Text;

namespace Governance.Workflows.Attachments;

/// <summary>Where attachments live (outside wwwroot) and how large one may be. Registered by the host.</summary>
public sealed class AttachmentStorageOptions
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    /// <summary>Absolute folder; files go to {root}/yyyy/MM/{guid}, never under the user's file name.</summary>
    public required string RootDirectory { get; init; }

    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public string MaxBytesText => AttachmentService.FormatSize(MaxBytes);
}

public enum AttachmentError
{
    None,
    NotFound,
    Forbidden,
    Invalid,
    TooLarge,
    /// <summary>The item changed meanwhile (another user acted): reload and try again.</summary>
    Conflict,
}

public sealed record AttachmentResult(bool Succeeded, string? Error, Guid? AttachmentId, AttachmentError Kind = AttachmentError.None)
{
    public static AttachmentResult Ok(Guid id) => new(true, null, id);
    public static AttachmentResult Fail(AttachmentError kind, string error) => new(false, error, null, kind);
}

public sealed record AttachmentInfo(Guid Id, long InstanceId, string Purpose, string PurposeName, string FileName, string ContentType,
    long Size, string Sha256, string UploadedByUserId, string UploadedByName, DateTime UploadedAtUtc)
{
    public string SizeText => AttachmentService.FormatSize(Size);
}

/// <summary>
/// Attachments of workflow items: stored outside wwwroot under a random name, type checked by content (magic bytes), every
/// read and write authorized through <see cref="WorkflowRuntime.FindVisibleAsync"/> (another unit's item is "not found").
/// Uploads and deletions are written to the audit chain in the same transaction as the row (<see cref="AuditLog.AppendAsync"/>).
/// </summary>
public sealed class AttachmentService(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    WorkflowRuntime runtime,
    WorkflowModules modules,
    TimeProvider time,
    AttachmentStorageOptions options,
    Notifications.ChangeFeed feed)
{
    public const int MaxFileNameLength = 200;
    public const string NotFoundMessage = FireResult.NotFoundMessage;
    public const string AttachmentNotFoundMessage = "附件不存在，或您无权查看。";
    public const string UnsupportedPrefix = "不支持的文件类型";

    /// <summary>The extensions the upload control offers (the server checks the content anyway).</summary>
    public static readonly string AcceptedExtensions = ".pdf,.png,.jpg,.jpeg,.gif,.docx,.xlsx,.pptx,.doc,.xls,.txt";

    public long MaxBytes => options.MaxBytes;

    /// <summary>Whether the actor may upload at all: a read-only Observer (or a user without roles) may not.</summary>
    public static bool MayUpload(Actor actor) => actor.Roles.Any(r => r != Roles.Observer);

    public async Task<AttachmentResult> UploadAsync(long instanceId, Actor actor, string purpose, string fileName, Stream content,
        CancellationToken ct = default)
    {
        if (await runtime.FindVisibleAsync(instanceId, actor, ct) is not { } instance)
            return AttachmentResult.Fail(AttachmentError.NotFound, NotFoundMessage);
        if (!MayUpload(actor)) return AttachmentResult.Fail(AttachmentError.Forbidden, "协同监管用户只能查看，不能上传附件。");
        if (await AuthorizeAsync(instance, actor, ct) is { } denied) return AttachmentResult.Fail(AttachmentError.Forbidden, denied);
        // The purposes are the item's workflow's own (its module descriptor).
        var purposes = modules.PurposesFor(instance.DefinitionKey);
        if (purposes.All(p => p.Code != purpose))
            return AttachmentResult.Fail(AttachmentError.Invalid,
                $"附件用途须为：{string.Join("、", purposes.Select(p => $"{p.Code}（{p.DisplayName}）"))}。");
        var name = SanitizeFileName(fileName);
        if (name is null) return AttachmentResult.Fail(AttachmentError.Invalid, "文件名不能为空。");

        var tempDir = Path.Combine(options.RootDirectory, "tmp");
        Directory.CreateDirectory(tempDir);
        var tempPath = Path.Combine(tempDir, Guid.NewGuid().ToString("N") + ".part");
        string? finalPath = null;
        var committed = false;
        try
        {
            // 1. Stream to a temp file, counting and hashing; stop as soon as it is too large.
            long size = 0;
            string sha256;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > options.MaxBytes)
                        return AttachmentResult.Fail(AttachmentError.TooLarge, $"文件过大：单个附件不能超过 {FormatSize(options.MaxBytes)}。");
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (size == 0) return AttachmentResult.Fail(AttachmentError.Invalid, "文件为空，请选择有内容的文件。");

            // 2. The type by content, and the extension must belong to it.
            var detected = Detect(tempPath);
            var ext = Path.GetExtension(name).ToLowerInvariant();
            if (detected is null)
                return AttachmentResult.Fail(AttachmentError.Invalid,
                    $"{UnsupportedPrefix}：仅支持 PDF、PNG、JPEG、GIF、Word、Excel、PowerPoint 和 UTF-8 文本文件（按文件内容识别）。");
            if (!detected.Extensions.Contains(ext))
                return AttachmentResult.Fail(AttachmentError.Invalid,
                    $"{UnsupportedPrefix}：文件内容为 {detected.Family}，与扩展名“{(ext == "" ? "（无）" : ext)}”不符。");
            var contentType = detected.ContentTypeFor(ext);

            // 3. Move under a random name, then the row and the audit entry in one transaction.
            var now = time.GetUtcNow().UtcDateTime;
            var id = Guid.NewGuid();
            var relative = string.Create(CultureInfo.InvariantCulture, $"{now:yyyy}/{now:MM}/{id:N}");
            finalPath = FullPath(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            File.Move(tempPath, finalPath);

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The state may have moved on while the file streamed in: check again on the row this transaction changes.
            var tracked = await db.WorkflowInstances.FirstAsync(i => i.Id == instanceId, ct);
            if (await AuthorizeAsync(tracked, actor, ct) is { } late) return AttachmentResult.Fail(AttachmentError.Forbidden, late);
            var reach = await WorkflowRuntime.SeeingUnitsAsync(db, tracked, ct);
            await WorkflowRuntime.RecordAttachmentChangeAsync(db, tracked, actor, WorkflowRuntime.AttachTrigger, name, modules.PurposeName(purpose),
                now, ct);
            db.Attachments.Add(new Attachment
            {
                Id = id, InstanceId = instanceId, Purpose = purpose, FileName = name, ContentType = contentType, Size = size, Sha256 = sha256,
                StoragePath = relative, UploadedByUserId = actor.UserId, UploadedAtUtc = now,
            });
            await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "attachment.upload",
                $"事项 {instanceId} 上传附件“{name}”（{modules.PurposeName(purpose)}，{size} 字节，SHA-256 {sha256}，编号 {id:N}）", now, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return AttachmentResult.Fail(AttachmentError.Conflict, FireResult.ConflictMessage);
            }
            await tx.CommitAsync(ct);
            committed = true;
            feed.PublishInstance(instanceId, reach);
            return AttachmentResult.Ok(id);
        }
        finally
        {
            TryDelete(tempPath);
            if (!committed && finalPath is not null) TryDelete(finalPath);
        }
    }

    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        if (await runtime.FindVisibleAsync(instanceId, actor, ct) is null) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Attachments.AsNoTracking().Where(a => a.InstanceId == instanceId).ToListAsync(ct);
        var names = await UploaderNamesAsync(db, rows, ct);
        return rows.OrderBy(a => a.UploadedAtUtc).ThenBy(a => a.FileName, StringComparer.Ordinal)
            .Select(a => ToInfo(a, names)).ToList();
    }

    /// <summary>The attachment and its content (the caller disposes the stream); null when not found or not visible.</summary>
    public async Task<(AttachmentInfo Info, Stream Content)?> OpenAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row?.InstanceId is not { } instanceId || await runtime.FindVisibleAsync(instanceId, actor, ct) is null) return null;
        var path = FullPath(row.StoragePath);
        if (!File.Exists(path)) return null;
        var names = await UploaderNamesAsync(db, [row], ct);
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return (ToInfo(row, names), stream);
    }

    /// <summary>Deletes an attachment: only its uploader may. Returns null when done, else the Chinese reason.</summary>
    public async Task<string?> DeleteAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var probe = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (probe?.InstanceId is not { } instanceId || await runtime.FindVisibleAsync(instanceId, actor, ct) is null)
            return AttachmentNotFoundMessage;
        if (probe.UploadedByUserId != actor.UserId) return "只能删除自己上传的附件。";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Attachments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return AttachmentNotFoundMessage;
        var instance = await db.WorkflowInstances.FirstAsync(i => i.Id == instanceId, ct);
        if (await AuthorizeAsync(instance, actor, ct) is { } denied) return denied;
        var reach = await WorkflowRuntime.SeeingUnitsAsync(db, instance, ct);
        db.Attachments.Remove(row);
        var now = time.GetUtcNow().UtcDateTime;
        await WorkflowRuntime.RecordAttachmentChangeAsync(db, instance, actor, WorkflowRuntime.DetachTrigger, row.FileName,
            modules.PurposeName(row.Purpose), now, ct);
        await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "attachment.delete",
            $"事项 {instanceId} 删除附件“{row.FileName}”（{modules.PurposeName(row.Purpose)}，{row.Size} 字节，SHA-256 {row.Sha256}，编号 {row.Id:N}）",
            now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FireResult.ConflictMessage;
        }
        await tx.CommitAsync(ct);
        TryDelete(FullPath(row.StoragePath));
        feed.PublishInstance(instanceId, reach);
        return null;
    }

    /// <summary>
    /// Whether the actor may add or remove attachments of the item in its current state (the state's rule; final items
    /// are frozen). Null when allowed, else the Chinese reason.
    /// </summary>
    public async Task<string?> AuthorizeAsync(WorkflowInstance instance, Actor actor, CancellationToken ct = default)
    {
        if (!MayUpload(actor)) return "协同监管用户只能查看，不能上传或删除附件。";
        var def = runtime.Registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var participants = await db.InstanceParticipants.Where(p => p.InstanceId == instance.Id).Select(p => p.UnitId).ToListAsync(ct);
        return WorkflowRuntime.AuthorizeAttachments(def, instance, actor, participants);
    }

    // ---- helpers ----

    private string FullPath(string relative)
    {
        var root = Path.GetFullPath(options.RootDirectory);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException("attachment path outside the storage root");
        return full;
    }

    private static async Task<Dictionary<string, string>> UploaderNamesAsync(GovernanceDbContext db, IReadOnlyCollection<Attachment> rows,
        CancellationToken ct)
    {
        var ids = rows.Select(r => r.UploadedByUserId).Distinct().ToList();
        if (ids.Count == 0) return [];
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private AttachmentInfo ToInfo(Attachment a, Dictionary<string, string> names) =>
        new(a.Id, a.InstanceId ?? 0, a.Purpose, modules.PurposeName(a.Purpose), a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedByUserId,
            names.GetValueOrDefault(a.UploadedByUserId, ""), DateTime.SpecifyKind(a.UploadedAtUtc, DateTimeKind.Utc));

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    /// <summary>
    /// The last segment of the name (either slash), without control, bidi-override or other invisible characters, trimmed, at most
    /// <see cref="MaxFileNameLength"/> characters (the extension kept). Null when nothing is left.
    /// </summary>
    public static string? SanitizeFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return null;
        var last = fileName.Replace('\\', '/');
        last = Path.GetFileName(last);
        // The same rule as every plain-text field (no control, bidi-override or invisible characters); no line breaks.
        var name = PlainText.CleanLine(last).Trim('.').Trim();
        if (name.Length == 0) return null;
        if (name.Length > MaxFileNameLength)
        {
            var ext = Path.GetExtension(name);
            if (ext.Length > 20) ext = "";
            var stem = name[..(MaxFileNameLength - ext.Length)];
            if (char.IsHighSurrogate(stem[^1])) stem = stem[..^1];
            name = stem + ext;
        }
        return name;
    }

    // ---- type detection by content ----

    internal sealed record DetectedType(string Family, IReadOnlyDictionary<string, string> ContentTypes)
    {
        public IEnumerable<string> Extensions => ContentTypes.Keys;
        public string ContentTypeFor(string ext) => ContentTypes[ext];
    }

    private static readonly DetectedType Pdf = new("PDF", new Dictionary<string, string> { [".pdf"] = "application/pdf" });
    private static readonly DetectedType Png = new("PNG 图片", new Dictionary<string, string> { [".png"] = "image/png" });
    private static readonly DetectedType Jpeg = new("JPEG 图片", new Dictionary<string, string> { [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg" });
    private static readonly DetectedType Gif = new("GIF 图片", new Dictionary<string, string> { [".gif"] = "image/gif" });
    private static readonly DetectedType Docx = new("Word 文档",
        new Dictionary<string, string> { [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    private static readonly DetectedType Xlsx = new("Excel 表格",
        new Dictionary<string, string> { [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    private static readonly DetectedType Pptx = new("PowerPoint 演示文稿",
        new Dictionary<string, string> { [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation" });
    private static readonly DetectedType Ole = new("Word/Excel 97-2003 文档",
        new Dictionary<string, string> { [".doc"] = "application/msword", [".xls"] = "application/vnd.ms-excel" });
    private static readonly DetectedType Text = new("UTF-8 文本", new Dictionary<string, string> { [".txt"] = "text/plain; charset=utf-8" });

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The type family of a file by its content; null when it is none of the allowed ones.</summary>
    internal static DetectedType? Detect(string path)
    {
        var head = new byte[16];
        int n;
        using (var f = File.OpenRead(path)) n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        ReadOnlySpan<byte> h = head.AsSpan(0, n);
        if (h.StartsWith("%PDF-"u8)) return Pdf;
        if (h.StartsWith(PngMagic)) return Png;
        if (h.StartsWith(JpegMagic)) return Jpeg;
        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8)) return Gif;
        if (h.StartsWith(OleMagic)) return Ole;
        if (h.StartsWith(ZipMagic)) return DetectOfficeZip(path);
        return IsPlainUtf8Text(path) ? Text : null;
    }

    private static DetectedType? DetectOfficeZip(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            bool word = false, xl = false, ppt = false;
            foreach (var e in zip.Entries)
            {
                var name = e.FullName.Replace('\\', '/');
                word |= name.StartsWith("word/", StringComparison.Ordinal);
                xl |= name.StartsWith("xl/", StringComparison.Ordinal);
                ppt |= name.StartsWith("ppt/", StringComparison.Ordinal);
            }
            // Exactly one family: a zip with several is not an Office document.
            return (word, xl, ppt) switch
            {
                (true, false, false) => Docx,
                (false, true, false) => Xlsx,
                (false, false, true) => Pptx,
                _ => null,
            };
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            return null;
        }
    }

    /// <summary>Strict UTF-8 without NUL bytes, and not markup (HTML/SVG/XML saved as .txt).</summary>
    private static bool IsPlainUtf8Text(string path)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[81920];
        var chars = new char[81921];
        var start = new StringBuilder();
        using var f = File.OpenRead(path);
        try
        {
            int read;
            while ((read = f.Read(bytes, 0, bytes.Length)) > 0)
            {
                if (bytes.AsSpan(0, read).Contains((byte)0)) return false;
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (start.Length < 512) start.Append(chars, 0, Math.Min(count, 512 - start.Length));
            }
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var text = start.ToString().TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        string[] markup = ["<!doctype", "<html", "<script", "<svg", "<?xml", "<head", "<body", "<iframe"];
        return !markup.Any(m => text.StartsWith(m, StringComparison.OrdinalIgnoreCase));
    }
}
