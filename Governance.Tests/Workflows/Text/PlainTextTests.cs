using Governance.Data.Entities;
using Governance.Workflows.Attachments;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Text;

namespace Governance.Tests.Workflows.Text;

/// <summary>Bidirectional overrides and other invisible controls never reach plain-text fields ("B岗\u202Eevil" shows reversed).</summary>
public sealed class PlainTextTests
{
    [Theory]
    [InlineData("B岗\u202Eevil", "B岗evil")]
    [InlineData("\u202A张三\u202C", "张三")]
    [InlineData("\u2066李四\u2069", "李四")]
    [InlineData("王\u200E五\u200F", "王五")]
    [InlineData("  赵\u200B六\uFEFF  ", "赵六")]
    [InlineData("甲\u0000乙\u0007丙", "甲乙丙")]
    [InlineData("\u202E", "")]
    [InlineData(null, "")]
    [InlineData("第一行\r\n第二行", "第一行\r\n第二行")]
    public void Clean_StripsControlsAndTrims(string? input, string expected) => Assert.Equal(expected, PlainText.Clean(input));

    [Fact]
    public void CleanOrNull_EmptyAfterCleaning_IsNull()
    {
        Assert.Null(PlainText.CleanOrNull("\u202E\u200B "));
        Assert.Equal("县教育局", PlainText.CleanOrNull(" 县教育局\u202C"));
    }

    [Fact]
    public void CleanLine_AlsoRemovesLineBreaks()
    {
        Assert.Equal("张三 李四", PlainText.CleanLine("张三\r\n李四"));
    }

    [Fact]
    public void ColumnRequestForm_ApplyTo_StripsEveryTextField()
    {
        var form = new ColumnRequestForm
        {
            ColumnName = "教育\u202E专栏", Purpose = "事由\u2066说明\u2069", StartDate = new DateTime(2026, 3, 1), EndDate = new DateTime(2026, 6, 1),
            ResponsiblePerson = "张\u200E三", StaffA = "李\u202D四", StaffB = "B岗\u202Eevil", UpdateCadence = "每周\u200F",
            ContentSources = "\u202A县教育局", SubColumns = "\u202E", ContactPhone = "0917\u202E-5521234",
        };
        var row = new ColumnRequest { ColumnName = "", Purpose = "", ResponsiblePerson = "", StaffA = "", StaffB = "", UpdateCadence = "", ContentSources = "" };
        form.ApplyTo(row);
        Assert.Equal(("教育专栏", "事由说明", "张三", "李四", "B岗evil", "每周", "县教育局"),
            (row.ColumnName, row.Purpose, row.ResponsiblePerson, row.StaffA, row.StaffB, row.UpdateCadence, row.ContentSources));
        Assert.Null(row.SubColumns);
        Assert.Equal("0917-5521234", row.ContactPhone);
    }

    [Fact]
    public void ColumnRequestValidator_SamePersonDisguisedByInvisibleMarks_IsRefused()
    {
        // 第19条(二) AB岗: "张三" and "张\u200E三" are the same person.
        var form = new ColumnRequestForm
        {
            ColumnName = "教育专栏", Purpose = "事由", StartDate = new DateTime(2026, 3, 1), EndDate = new DateTime(2026, 6, 1),
            ResponsiblePerson = "王五", StaffA = "张三", StaffB = "张\u200E三\u202C", UpdateCadence = "每周", ContentSources = "县教育局",
        };
        var errors = ColumnRequestValidator.Validate(form);
        Assert.Equal("A岗与B岗不能是同一人（第19条(二) AB岗）", errors[nameof(form.StaffB)]);
        form.StaffB = "\u202E\u2066";
        Assert.Equal("请填写B岗人员", ColumnRequestValidator.Validate(form)[nameof(form.StaffB)]);
    }

    [Fact]
    public void ContentForm_ApplyTo_StripsTextFields_AndValidatorSeesEmptyTitle()
    {
        var form = new ContentForm
        {
            ColumnId = 1, Title = "关于\u202E开学的通知", BodyHtml = "<p>正文</p>", Origin = "转载", SourceOrg = "\u2066陕西日报\u2069",
            HasMap = true, MapApprovalNo = "GS(2024)1234号\u200E", InterpretationRef = "\u202E解读材料",
        };
        var item = new ContentItem { Title = "", BodyHtml = "", Category = "", Origin = "" };
        form.ApplyTo(item);
        Assert.Equal(("关于开学的通知", "陕西日报", "GS(2024)1234号", "解读材料"), (item.Title, item.SourceOrg, item.MapApprovalNo, item.InterpretationRef));
        form.Title = "\u202E\u202C";
        Assert.Equal("请填写标题", ContentValidator.Validate(form)[nameof(form.Title)]);
    }

    [Fact]
    public void AttachmentFileName_UsesTheSameRule()
    {
        Assert.Equal("报告exe.pdf", AttachmentService.SanitizeFileName("报告\u202Eexe.pdf"));
        Assert.Equal("说明.docx", AttachmentService.SanitizeFileName("a/b\\说明\u200B.docx"));
    }
}
