using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Attachments;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Attachments;

/// <summary>
/// Attachments on a W1 draft of 县教育局: type by content, size limits, storage under a random name, and every read and
/// write authorized through the runtime's visibility (another unit's editor sees nothing and stores nothing).
/// </summary>
public sealed class AttachmentServiceTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;
    private long _id;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync();
        (_id, _) = await _host.CreateDraftAsync("editor");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private AttachmentService Service => _host.Get<AttachmentService>();
    private string Root => _host.Get<AttachmentStorageOptions>().RootDirectory;

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    public static byte[] Zip(params string[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(e).Open());
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><x/>");
            }
        }
        return ms.ToArray();
    }

    public static byte[] Docx() => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml");

    public static byte[] Exe() => [.. "MZ"u8.ToArray(), 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. new byte[64]];

    private async Task<AttachmentResult> UploadAsync(string user, string name, byte[] bytes, string purpose = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestsModule.Plan) =>
        await Service.UploadAsync(_id, await _host.ActorAsync(user), purpose, name, new MemoryStream(bytes));

    private async Task<int> RowCountAsync()
    {
        await using var db = _host.NewDbContext();
        return await db.Attachments.CountAsync();
    }

    private int StoredFileCount() =>
        Directory.Exists(Root) ? Directory.GetFiles(Root, "*", SearchOption.AllDirectories).Length : 0;

    [Theory]
    [InlineData("方案.pdf", "pdf", "application/pdf")]
    [InlineData("示意图.png", "png", "image/png")]
    [InlineData("栏目方案.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("说明.txt", "txt", "text/plain; charset=utf-8")]
    public async Task Valid_file_is_stored_listed_and_read_back_byte_identical(string name, string kind, string contentType)
    {
        var bytes = kind switch
        {
            "pdf" => Pdf(),
            "png" => Png(),
            "docx" => Docx(),
            _ => Encoding.UTF8.GetBytes("开设事由：集中公开教育惠民政策。\n"),
        };
        var result = await UploadAsync("editor", name, bytes);
        Assert.True(result.Succeeded, result.Error);

        var list = await Service.ListAsync(_id, await _host.ActorAsync("editor"));
        var info = Assert.Single(list);
        Assert.Equal(result.AttachmentId, info.Id);
        Assert.Equal(name, info.FileName);
        Assert.Equal(contentType, info.ContentType);
        Assert.Equal(bytes.Length, info.Size);
        Assert.Equal("方案", info.PurposeName);
        Assert.Equal("张信息", info.UploadedByName);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Sha256);

        var opened = await Service.OpenAsync(info.Id, await _host.ActorAsync("editor"));
        Assert.NotNull(opened);
        await using (var content = opened.Value.Content)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        // Stored under a random name (never the user's), outside any web root; no temp file left behind.
        await using var db = _host.NewDbContext();
        var row = await db.Attachments.SingleAsync();
        Assert.DoesNotContain(Path.GetFileNameWithoutExtension(name), row.StoragePath, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}/\d{2}/[0-9a-f]{32}$", row.StoragePath);
        Assert.Empty(Directory.GetFiles(Path.Combine(Root, "tmp")));
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Kind == "attachment.upload" && a.Detail.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("合同.pdf", "exe")] // an executable named .pdf
    [InlineData("页面.html", "html")]
    [InlineData("页面.txt", "html")] // markup saved as text
    [InlineData("图.svg", "svg")]
    [InlineData("资料.zip", "zip")] // a zip that is no Office document
    [InlineData("资料.docx", "zip")] // … also not when named .docx
    [InlineData("图片.png", "pdf")] // a PDF named .png: extension does not match the content
    [InlineData("方案.pdf", "docx")]
    [InlineData("程序.exe", "exe")]
    [InlineData("无扩展名", "pdf")]
    public async Task Unsupported_or_mismatched_type_is_refused_and_nothing_is_stored(string name, string kind)
    {
        var bytes = kind switch
        {
            "exe" => Exe(),
            "html" => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><script>alert(1)</script></html>"),
            "svg" => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
            "zip" => Zip("readme.txt", "bin/tool.exe"),
            "docx" => Docx(),
            _ => Pdf(),
        };
        var result = await UploadAsync("editor", name, bytes);

        Assert.False(result.Succeeded);
        Assert.StartsWith("不支持的文件类型", result.Error, StringComparison.Ordinal);
        Assert.Equal(AttachmentError.Invalid, result.Kind);
        Assert.Equal(0, await RowCountAsync());
        Assert.Equal(0, StoredFileCount());
    }

    [Fact]
    public async Task Binary_text_with_nul_or_invalid_utf8_is_refused()
    {
        Assert.False((await UploadAsync("editor", "a.txt", [0x41, 0x00, 0x42])).Succeeded);
        Assert.False((await UploadAsync("editor", "b.txt", [0xC3, 0x28, 0x41])).Succeeded);
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task Empty_file_is_refused()
    {
        var result = await UploadAsync("editor", "空.pdf", []);
        Assert.False(result.Succeeded);
        Assert.Contains("文件为空", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync());
        Assert.Equal(0, StoredFileCount());
    }

    [Fact]
    public async Task Oversize_file_is_refused_and_the_temp_file_removed()
    {
        var max = _host.Get<AttachmentStorageOptions>().MaxBytes;
        var result = await Service.UploadAsync(_id, await _host.ActorAsync("editor"), Governance.Workflows.Definitions.ColumnRequests.ColumnRequestsModule.Plan, "大文件.pdf",
            new PdfOfLength(max + 1));
        Assert.False(result.Succeeded);
        Assert.Equal(AttachmentError.TooLarge, result.Kind);
        Assert.Contains("20 MB", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync());
        Assert.Equal(0, StoredFileCount());
    }

    [Fact]
    public async Task Unknown_purpose_is_refused()
    {
        var result = await UploadAsync("editor", "方案.pdf", Pdf(), purpose: "secret");
        Assert.False(result.Succeeded);
        Assert.Contains("附件用途", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task File_name_is_sanitized()
    {
        var result = await UploadAsync("editor", "..\\..\\etc/pa\u0001ss\u202Ewd方案.pdf", Pdf());
        Assert.True(result.Succeeded, result.Error);
        var info = Assert.Single(await Service.ListAsync(_id, await _host.ActorAsync("editor")));
        Assert.Equal("passwd方案.pdf", info.FileName);

        var longName = new string('长', 300) + ".pdf";
        var sanitized = AttachmentService.SanitizeFileName(longName)!;
        Assert.Equal(200, sanitized.Length);
        Assert.EndsWith(".pdf", sanitized, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_of_another_unit_sees_nothing_and_stores_nothing()
    {
        var uploaded = await UploadAsync("editor", "方案.pdf", Pdf());
        Assert.True(uploaded.Succeeded, uploaded.Error);
        var other = await _host.ActorAsync("editor2");

        Assert.Empty(await Service.ListAsync(_id, other));
        Assert.Null(await Service.OpenAsync(uploaded.AttachmentId!.Value, other));
        var refused = await Service.UploadAsync(_id, other, Governance.Workflows.Definitions.ColumnRequests.ColumnRequestsModule.Plan, "另一个.pdf", new MemoryStream(Pdf()));
        Assert.False(refused.Succeeded);
        Assert.Equal(AttachmentError.NotFound, refused.Kind);
        Assert.NotNull(await Service.DeleteAsync(uploaded.AttachmentId!.Value, other));

        Assert.Equal(1, await RowCountAsync());
        Assert.Equal(1, StoredFileCount());
    }

    [Fact]
    public async Task Observer_cannot_upload_but_can_download()
    {
        var refused = await UploadAsync("observer", "方案.pdf", Pdf());
        Assert.False(refused.Succeeded);
        Assert.Equal(AttachmentError.Forbidden, refused.Kind);
        Assert.Equal(0, await RowCountAsync());
        Assert.Equal(0, StoredFileCount());

        var uploaded = await UploadAsync("editor", "方案.pdf", Pdf());
        var observer = await _host.ActorAsync("observer");
        Assert.Single(await Service.ListAsync(_id, observer));
        var opened = await Service.OpenAsync(uploaded.AttachmentId!.Value, observer);
        Assert.NotNull(opened);
        await opened.Value.Content.DisposeAsync();
    }

    [Fact]
    public async Task Only_the_uploader_may_delete_and_the_deletion_is_audited()
    {
        var uploaded = await UploadAsync("editor", "方案.pdf", Pdf());
        var id = uploaded.AttachmentId!.Value;

        // The unit's reviewer sees it, but did not upload it.
        Assert.Equal("只能删除自己上传的附件。", await Service.DeleteAsync(id, await _host.ActorAsync("reviewer")));
        Assert.Equal(1, await RowCountAsync());

        Assert.Null(await Service.DeleteAsync(id, await _host.ActorAsync("editor")));
        Assert.Equal(0, await RowCountAsync());
        Assert.Equal(0, StoredFileCount());
        Assert.Null(await Service.OpenAsync(id, await _host.ActorAsync("editor")));
        await using var db = _host.NewDbContext();
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Kind == "attachment.delete");
        Assert.True((await _host.Get<Governance.Workflows.Audit.AuditLog>().VerifyAsync()).Intact);
    }

    /// <summary>A PDF header followed by filler, produced on the fly (no large buffer in memory).</summary>
    private sealed class PdfOfLength(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            if (n <= 0) return 0;
            buffer.AsSpan(offset, n).Fill((byte)' ');
            if (_position == 0) "%PDF-"u8.CopyTo(buffer.AsSpan(offset, Math.Min(n, 5)));
            _position += n;
            return n;
        }
    }
}
