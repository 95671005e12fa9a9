using Governance.Workflows.PreCheck;
using static Governance.Tests.Workflows.PreCheck.PreCheckTestData;

namespace Governance.Tests.Workflows.PreCheck;

/// <summary>
/// 第9条 联系方式: landline numbers (pii.landline, warn — offices publish their own phones) and personal e-mail
/// addresses at public mail providers (pii.email, block).
/// </summary>
public class ContactRuleTests
{
    [Theory]
    [InlineData("咨询电话：0917-5212345。", "0917-5212345", "0917-521****")]
    [InlineData("请拨打(0917)5212345咨询", "(0917)5212345", "(0917)521****")]
    [InlineData("请拨打（０９１７）５２１２３４５咨询", "（０９１７）５２１２３４５", "（０９１７）５２１****")]
    [InlineData("联系方式09175212345", "09175212345", "0917521****")]
    [InlineData("北京010-65123456", "010-65123456", "010-6512****")]
    [InlineData("传真 029 88881234", "029 88881234", "029 8888****")]
    [InlineData("(0917) 5212345", "(0917) 5212345", "(0917) 521****")]
    [InlineData("电话：5212345", "5212345", "521****")]
    [InlineData("家里座机5212345，白天没人", "5212345", "521****")]
    [InlineData("联系电话为 88881234", "88881234", "8888****")]
    [InlineData("Tel: 5212345", "5212345", "521****")]
    public void Check_Landline_WarnsWithLastFourMasked(string body, string match, string suggestion)
    {
        var r = Check(body);
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.Landline, hit.Rule);
        Assert.Equal(PreCheckSeverity.Warn, hit.Severity);
        Assert.Equal(match, hit.Match);
        Assert.Equal(suggestion, hit.Suggestion);
        Assert.False(r.Blocking);
        AssertOffsets(r);
    }

    [Theory]
    [InlineData("截至2026-03-02，共受理120件。")]
    [InlineData("项目总投资1200000元。")]
    [InlineData("编号5212345的档案")]
    [InlineData("电话费5212345元")]
    [InlineData("文号2026-0917号")]
    [InlineData("共计09175212345元")]
    [InlineData("版本v0917-5212345")]
    [InlineData("电话：1234567")]
    [InlineData("电话：52123456789")]
    public void Check_NotALandline_NoHit(string body)
    {
        Assert.Empty(Hits(Check(body), PreCheckRules.Landline));
    }

    [Fact]
    public void Check_IdAndMobile_AreNotLandlines()
    {
        var id = ValidId();
        var r = Check($"身份证{id}，手机13812345678，电话0917-5212345");
        Assert.Equal([PreCheckRules.IdCard, PreCheckRules.Mobile, PreCheckRules.Landline], r.Hits.Select(h => h.Rule).ToArray());
    }

    [Fact]
    public void Check_LandlineInReply_DoesNotBlock()
    {
        // W3 replies are refused only on blocking hits: an office phone in a reply passes, a personal mobile does not.
        Assert.False(Check("请与县教育局基础教育股联系，咨询电话0917-5212345。").Blocking);
        Assert.True(Check("请与王老师联系，电话13812345678。").Blocking);
    }

    [Theory]
    [InlineData("来信人邮箱：wangxm@qq.com，请回复。", "wangxm@qq.com", "w***@qq.com")]
    [InlineData("13812345678@163.com", "13812345678@163.com", "1***@163.com")]
    [InlineData("邮箱Li.Hua@Gmail.com", "Li.Hua@Gmail.com", "L***@Gmail.com")]
    [InlineData("abc_1@vip.qq.com。", "abc_1@vip.qq.com", "a***@vip.qq.com")]
    [InlineData("邮箱ｗａｎｇ＠ｑｑ．ｃｏｍ", "ｗａｎｇ＠ｑｑ．ｃｏｍ", "ｗ***＠ｑｑ．ｃｏｍ")]
    [InlineData("zhang@126.com、li@sina.com", "zhang@126.com", "z***@126.com")]
    [InlineData("x@foxmail.com", "x@foxmail.com", "x***@foxmail.com")]
    [InlineData("请发至fufeng2026@hotmail.com.", "fufeng2026@hotmail.com", "f***@hotmail.com")]
    public void Check_PersonalEmail_BlocksWithMaskedLocalPart(string body, string match, string suggestion)
    {
        var r = Check(body);
        var hit = Hits(r, PreCheckRules.Email)[0];
        Assert.Equal(PreCheckSeverity.Block, hit.Severity);
        Assert.Equal(match, hit.Match);
        Assert.Equal(suggestion, hit.Suggestion);
        Assert.DoesNotContain(r.Hits, h => h.Rule == PreCheckRules.Mobile);
        Assert.True(r.Blocking);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_TwoEmails_BothReported()
    {
        var hits = Hits(Check("zhang@126.com、li@sina.com"), PreCheckRules.Email);
        Assert.Equal(["zhang@126.com", "li@sina.com"], hits.Select(h => h.Match).ToArray());
        Assert.Equal(["z***@126.com", "l***@sina.com"], hits.Select(h => h.Suggestion!).ToArray());
    }

    [Theory]
    [InlineData("来信请寄fgxzb@fufeng.gov.cn")]
    [InlineData("县政府办邮箱：zfb@baoji.gov.cn")]
    [InlineData("info@example.com")]
    [InlineData("@qq.com")]
    [InlineData("微信@张三")]
    [InlineData("someone@qq.community.org")]
    public void Check_GovernmentOrNonPersonalEmail_NoHit(string body)
    {
        Assert.Empty(Hits(Check(body), PreCheckRules.Email));
    }

    [Fact]
    public void Check_EmailInMailtoLink_TextReported()
    {
        var r = Check("<p>来信请发<a href=\"mailto:wangxm@qq.com\">wangxm@qq.com</a></p>");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.Email, hit.Rule);
        Assert.Equal(PreCheckFields.Body, hit.Field);
    }
}
