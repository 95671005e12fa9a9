using Governance.Workflows.PreCheck;
using static Governance.Tests.Workflows.PreCheck.PreCheckTestData;

namespace Governance.Tests.Workflows.PreCheck;

public class SecretMarkTests
{
    [Theory]
    [InlineData("机密★5年")]
    [InlineData("秘密★1年")]
    [InlineData("★绝密")]
    [InlineData("绝密★长期")]
    [InlineData("机密 ★ 10年")]
    [InlineData("秘密☆")]
    [InlineData("机密*5年")]
    [InlineData("内部资料 注意保存")]
    [InlineData("内部文件，注意保存")]
    [InlineData("内部资料　注意保密")]
    public void Check_ClassificationMark_Blocks(string mark)
    {
        var r = Check($"<p>{mark}</p><p>关于某事项的通知</p>");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.SecretMark, hit.Rule);
        Assert.Equal(mark, hit.Match);
        Assert.True(r.Blocking);
        AssertOffsets(r);
    }

    [Theory]
    [InlineData("不得公开涉及国家秘密、商业秘密和个人隐私的信息。")]
    [InlineData("加强机密文件管理，落实保密责任。")]
    [InlineData("严防绝密信息泄露。")]
    [InlineData("内部资料的管理办法，请妥善处理。")]
    [InlineData("获得五★级评价")]
    public void Check_SecretWordsInProse_NoHit(string body)
    {
        Assert.DoesNotContain(Check(body).Hits, h => h.Rule == PreCheckRules.SecretMark);
    }
}

public class LinkRuleTests
{
    [Theory]
    [InlineData("https://www.gov.cn/zhengce/")]
    [InlineData("http://gov.cn")]
    [InlineData("https://www.shaanxi.gov.cn/a.html")]
    [InlineData("//www.baoji.gov.cn/x")]
    [InlineData("https://WWW.FUFENG.GOV.CN/")]
    [InlineData("http://扶风县.政务/")]
    [InlineData("http://www.news.cn/politics/")]
    [InlineData("/a/b.html")]
    [InlineData("../x.html")]
    [InlineData("#top")]
    [InlineData("mailto:office@example.com")]
    [InlineData("tel:0917-5212345")]
    public void Check_AllowedOrRelativeHref_NoHit(string href)
    {
        var r = Check($"<p>详见<a href=\"{href}\">链接</a></p>");
        Assert.Empty(Hits(r, PreCheckRules.LinkNotAllowed));
    }

    [Theory]
    [InlineData("https://www.gov.cn.example.com/")]
    [InlineData("http://gov.cn.evil.com/")]
    [InlineData("http://fakegov.cn/")]
    [InlineData("http://www.gov.cn@evil.com/")]
    [InlineData("https://www.taobao.com/item")]
    [InlineData("http://xn--zfr164b.evil.com/")]
    [InlineData("www.example.com/page")]
    [InlineData("https:\\\\evil.com\\a")]
    public void Check_LookAlikeOrCommercialHref_Blocks(string href)
    {
        var r = Check($"<p>详见<a href=\"{href}\">这里</a>。</p>");
        var hit = Assert.Single(Hits(r, PreCheckRules.LinkNotAllowed));
        Assert.Equal(PreCheckFields.Link, hit.Field);
        Assert.Equal(href, hit.Match);
        Assert.Equal("这里", r.Text.Substring(hit.Start, hit.Length));
        Assert.True(r.Blocking);
    }

    [Fact]
    public void Check_ImageFromCommercialHost_ReportedAtElementPositionWithZeroLength()
    {
        var r = Check("<p>图片：<img src=\"https://img.example.com/a.png\">说明</p>");
        var hit = Assert.Single(Hits(r, PreCheckRules.LinkNotAllowed));
        Assert.Equal(0, hit.Length);
        Assert.Equal(r.Text.IndexOf('说'), hit.Start);
        Assert.Equal("https://img.example.com/a.png", hit.Match);
    }

    [Fact]
    public void Check_ConfiguredHost_AllowsHostAndSubdomainsOnly()
    {
        var rules = PreCheckRuleSet.Create([], ["www.example-gov-partner.org"], []);
        Assert.Empty(Check("<a href=\"https://www.example-gov-partner.org/x\">a</a>", rules: rules).Hits);
        Assert.Empty(Check("<a href=\"https://m.www.example-gov-partner.org/x\">a</a>", rules: rules).Hits);
        Assert.Single(Check("<a href=\"https://example-gov-partner.org/x\">a</a>", rules: rules).Hits);
        Assert.Single(Check("<a href=\"https://www.example-gov-partner.org.evil.com/\">a</a>", rules: rules).Hits);
    }

    [Fact]
    public void Check_BareUrlsInText_OnlyNonGovernmentReported()
    {
        var r = Check("请访问www.example.com了解详情，或登录https://www.gov.cn/查询，另见http://shop.example.cn/a?b=1。");
        var hit = Assert.Single(Hits(r, PreCheckRules.LinkNotAllowed), h => h.Match.Contains("example.com"));
        Assert.Equal("www.example.com", hit.Match);
        Assert.Equal(PreCheckFields.Body, hit.Field);
        Assert.Equal(2, Hits(r, PreCheckRules.LinkNotAllowed).Length);
        Assert.Contains(r.Hits, h => h.Match == "http://shop.example.cn/a?b=1");
        AssertOffsets(r);
    }

    [Fact]
    public void Check_AnchorTextSameAsHref_ReportedOnce()
    {
        var r = Check("<a href=\"http://evil.com/\">http://evil.com/</a>");
        Assert.Single(Hits(r, PreCheckRules.LinkNotAllowed));
    }
}

public class DictionaryRuleTests
{
    private static PreCheckRuleSet Rules(params DictionaryTerm[] terms) => PreCheckRuleSet.Create(terms, [], []);

    [Fact]
    public void Check_IncorrectTerm_WarnsWithCorrection()
    {
        var r = Check("<p>香港政府发布公告。</p>");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.WordIncorrect, hit.Rule);
        Assert.Equal(PreCheckSeverity.Warn, hit.Severity);
        Assert.Equal("香港特别行政区政府", hit.Suggestion);
        Assert.StartsWith("表述错误，应为「香港特别行政区政府」", hit.Message);
        Assert.False(r.Blocking);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_CorrectForm_NoHit()
    {
        Assert.Empty(Check("全国人大常委会委员长、香港特别行政区政府、社会主义核心价值观、一国两制。").Hits);
    }

    [Fact]
    public void Check_SensitiveTerm_Blocks()
    {
        var r = Check("严禁宣传法轮功。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.WordSensitive, hit.Rule);
        Assert.Equal("***", hit.Suggestion);
        Assert.True(r.Blocking);
    }

    [Fact]
    public void Check_OverlappingTerms_LongestWinsContainedDropped()
    {
        var rules = Rules(
            new DictionaryTerm("中华民国", TermKind.Incorrect, "台湾当局"),
            new DictionaryTerm("中华民国总统", TermKind.Incorrect, "台湾地区领导人"),
            new DictionaryTerm("民国", TermKind.Sensitive),
            new DictionaryTerm("总统府", TermKind.Sensitive));
        var r = Check("所谓中华民国总统府", rules: rules);
        // "中华民国总统"(2..8) wins over "中华民国" and "民国"; "总统府"(6..9) overlaps partially and is kept.
        Assert.Collection(r.Hits,
            h => { Assert.Equal("中华民国总统", h.Match); Assert.Equal(2, h.Start); },
            h => { Assert.Equal("总统府", h.Match); Assert.Equal(6, h.Start); });
    }

    [Fact]
    public void Check_AllOccurrencesInOnePass_Reported()
    {
        var rules = Rules(new DictionaryTerm("ab", TermKind.Sensitive), new DictionaryTerm("bc", TermKind.Sensitive), new DictionaryTerm("abcd", TermKind.Sensitive));
        var r = Check("xabcdxbcxab", rules: rules);
        Assert.Equal(["abcd", "bc", "ab"], r.Hits.Select(h => h.Match));
        Assert.Equal([1, 6, 9], r.Hits.Select(h => h.Start));
    }

    [Fact]
    public void Check_WrongFormSubstringOfItsCorrection_NotFlaggedWhereCorrectionPresent()
    {
        var rules = Rules(new DictionaryTerm("核心价值观", TermKind.Incorrect, "社会主义核心价值观"));
        Assert.Empty(Check("践行社会主义核心价值观。", rules: rules).Hits);
        Assert.Single(Check("践行核心价值观。", rules: rules).Hits);
    }

    [Fact]
    public void Check_FullWidthAndCaseFolding_MatchesAsciiTerm()
    {
        var rules = Rules(new DictionaryTerm("VPN翻墙", TermKind.Sensitive));
        var r = Check("下载ｖｐｎ翻墙工具", rules: rules);
        var hit = Assert.Single(r.Hits);
        Assert.Equal("ｖｐｎ翻墙", hit.Match);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_TermInTitle_ReportedInTitleField()
    {
        var r = Check("正文", title: "关于南朝鲜代表团来访的报道");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckFields.Title, hit.Field);
        Assert.Equal("韩国", hit.Suggestion);
        AssertOffsets(r);
    }

    [Fact]
    public void Defaults_HaveAtLeastFortyIncorrectTermsAndSources()
    {
        Assert.True(PreCheckDefaults.Terms.Count(t => t.Kind == TermKind.Incorrect && t.Correction is not null) >= 40);
        Assert.Contains(PreCheckDefaults.Terms, t => t.Kind == TermKind.Sensitive);
        Assert.Contains("扶风县人民政府网", PreCheckDefaults.ApprovedSources);
    }
}

public class FormRuleTests
{
    private static PreCheckResult CheckForm(PreCheckInput input) => PreCheckTestData.Engine.Check(input, PreCheckRuleSet.Default);

    [Fact]
    public void Check_PolicyWithoutInterpretation_Blocks()
    {
        var r = CheckForm(new PreCheckInput("关于印发某办法的通知", "<p>正文</p>", Category: "政策文件"));
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.InterpretationMissing, hit.Rule);
        Assert.Equal(PreCheckFields.Form, hit.Field);
        Assert.Equal((0, 0), (hit.Start, hit.Length));
        Assert.True(r.Blocking);
    }

    [Fact]
    public void Check_PolicyWithInterpretationOrOtherCategory_NoHit()
    {
        Assert.Empty(CheckForm(new PreCheckInput("t", "b", Category: "政策文件", HasInterpretation: true)).Hits);
        Assert.Empty(CheckForm(new PreCheckInput("t", "b", Category: "工作动态")).Hits);
    }

    [Theory]
    [InlineData("某某商业网", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("  新华社 ", false)]
    [InlineData("扶风县人民政府网", false)]
    public void Check_ReprintSource_BlocksUnlessApproved(string? source, bool blocked)
    {
        var r = CheckForm(new PreCheckInput("t", "b", Origin: "转载", SourceOrg: source));
        Assert.Equal(blocked, r.Hits.Any(h => h.Rule == PreCheckRules.ReprintSourceNotApproved));
        Assert.Equal(blocked, r.Blocking);
    }

    [Fact]
    public void Check_OriginalWithUnknownSource_NoHit()
    {
        Assert.Empty(CheckForm(new PreCheckInput("t", "b", Origin: "原创", SourceOrg: "某某商业网")).Hits);
    }

    [Theory]
    [InlineData(null, PreCheckRules.MapApprovalMissing)]
    [InlineData("  ", PreCheckRules.MapApprovalMissing)]
    [InlineData("GS(2024)1234号", null)]
    [InlineData("陕S(2023)012号", null)]
    [InlineData("ＧＳ（２０２２）１０６１号", null)]
    [InlineData("GS京(2022)1061号", null)]
    [InlineData("已审核", PreCheckRules.MapApprovalFormat)]
    public void Check_MapApproval_MissingBlocksMalformedWarns(string? no, string? expectedRule)
    {
        var r = CheckForm(new PreCheckInput("t", "b", HasMap: true, MapApprovalNo: no));
        if (expectedRule is null) Assert.Empty(r.Hits);
        else Assert.Equal(expectedRule, Assert.Single(r.Hits).Rule);
        Assert.Equal(expectedRule == PreCheckRules.MapApprovalMissing, r.Blocking);
    }

    [Fact]
    public void Check_MixedHits_SortedByFieldThenStart()
    {
        var r = CheckForm(new PreCheckInput("南朝鲜13812345678", "<a href=\"http://evil.com\">x</a>香港政府 13912345678",
            Category: "政策文件", HasMap: true));
        Assert.Equal(["title", "title", "body", "body", "link", "form", "form"], r.Hits.Select(h => h.Field));
        Assert.True(r.Hits[2].Start < r.Hits[3].Start);
    }
}
