using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Tests.Support;
using Governance.Tests.Workflows.Attachments;

namespace Governance.Tests.Integration;

/// <summary>The attachment endpoints on the real app: upload by a script (cookie + X-Requested-With), download, list.</summary>
[Collection(AppCollection.Name)]
public sealed class AttachmentApiTests(SecurityAndApiTests.Fixture f) : IClassFixture<SecurityAndApiTests.Fixture>
{
    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = f.App.NewClient();
        await GovernanceAppFactory.SignInAsync(client, user);
        return client;
    }

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string purpose = "plan")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", fileName }, { new StringContent(purpose), "purpose" } };
    }

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName, bool header = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instances/{f.EducationDraftId}/attachments")
        {
            Content = Form(bytes, fileName),
        };
        if (header) request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Editor_uploads_downloads_and_lists_other_unit_gets_404()
    {
        var editor = await ClientAsync("editor");
        var bytes = AttachmentServiceTests.Pdf();
        var uploaded = await UploadAsync(editor, bytes, "教育惠民政策方案.pdf");
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var json = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var url = json.GetProperty("url").GetString()!;

        var download = await editor.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("教育惠民政策方案.pdf", disposition.FileNameStar);

        var list = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{f.EducationDraftId}/attachments");
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("url").GetString() == url && a.GetProperty("purposeName").GetString() == "方案");

        var editor2 = await ClientAsync("editor2");
        var refused = await editor2.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.NotEqual(bytes, await refused.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await editor2.GetAsync($"/api/v1/instances/{f.EducationDraftId}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(editor2, bytes, "另一个.pdf")).StatusCode);
    }

    [Fact]
    public async Task Bad_file_gets_400_with_chinese_detail()
    {
        var editor = await ClientAsync("editor");
        var exe = AttachmentServiceTests.Exe();
        var response = await UploadAsync(editor, exe, "合同.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("不支持的文件类型", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_without_the_requested_with_header_is_refused()
    {
        var editor = await ClientAsync("editor");
        var response = await UploadAsync(editor, AttachmentServiceTests.Pdf(), "方案.pdf", header: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Requested-With", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_and_api_key_callers_get_nothing()
    {
        var anonymous = f.App.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/instances/{f.EducationDraftId}/attachments")).StatusCode);

        var withKey = f.App.NewClient();
        withKey.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        var response = await UploadAsync(withKey, AttachmentServiceTests.Pdf(), "方案.pdf");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
