using Governance.Workflows.PreCheck;
using static Governance.Tests.Workflows.PreCheck.PreCheckTestData;

namespace Governance.Tests.Workflows.PreCheck;

/// <summary>例外语境: a dictionary term is not a hit where the text reads one of its exception contexts.</summary>
public class ExceptionContextTests
{
    private static PreCheckRuleSet Rules(params DictionaryTerm[] terms) => PreCheckRuleSet.Create(terms, [], []);

    [Fact]
    public void Default_TaiduInsidePingtaiDuli_NotAHit()
    {
        var r = Check("推动平台独立运营，打造平台独有优势。");
        Assert.Empty(Hits(r, PreCheckRules.WordSensitive));
    }

    [Fact]
    public void Default_TaiduAlone_StillBlocks()
    {
        var r = Check("坚决反对台独分裂活动。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.WordSensitive, hit.Rule);
        Assert.Equal("台独", hit.Match);
        Assert.Equal(4, hit.Start);
        Assert.True(r.Blocking);
    }

    [Fact]
    public void Default_ContextAndTermInOneText_OnlyTheBareTermReported()
    {
        var r = Check("平台独立运营，反对台独。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal("台独", hit.Match);
        Assert.Equal(9, hit.Start);
    }

    [Theory]
    [InlineData("香港独资企业")]
    [InlineData("西藏独特的自然风光")]
    [InlineData("新疆独有的瓜果")]
    [InlineData("舞台独唱节目")]
    public void Default_OtherPlaceholderContexts_NotHits(string body)
    {
        Assert.Empty(Hits(Check(body), PreCheckRules.WordSensitive));
    }

    [Fact]
    public void Default_IncorrectTermInHistoricalContext_NotReported()
    {
        Assert.Empty(Hits(Check("中华民国时期的县志记载"), PreCheckRules.WordIncorrect));
        var hit = Assert.Single(Hits(Check("所谓中华民国"), PreCheckRules.WordIncorrect));
        Assert.Equal("中华民国", hit.Match);
    }

    [Fact]
    public void Context_AlignedWhereItContainsTheTerm()
    {
        // Term at the end of the context: "隐私彩" hides 私彩 only where 隐 comes right before it.
        var rules = Rules(new DictionaryTerm("私彩", TermKind.Sensitive, ExceptionContexts: "隐私彩"));
        Assert.Empty(Check("保护个人隐私彩页不得印制", rules: rules).Hits);
        var hit = Assert.Single(Check("购买私彩", rules: rules).Hits);
        Assert.Equal(2, hit.Start);
        // The context shifted by one character does not hide the term.
        Assert.Single(Check("私彩隐", rules: rules).Hits);
    }

    [Fact]
    public void Context_MatchedOnTheFoldedText()
    {
        var rules = Rules(new DictionaryTerm("台独", TermKind.Sensitive, ExceptionContexts: "平台独立"));
        Assert.Empty(Hits(Check("平台\u200B独立", rules: rules), PreCheckRules.WordSensitive));
        var upper = Rules(new DictionaryTerm("App", TermKind.Sensitive, ExceptionContexts: "AppStore"));
        Assert.Empty(Check("ａｐｐｓｔｏｒｅ", rules: upper).Hits);
        Assert.Single(Check("下载APP", rules: upper).Hits);
    }

    [Fact]
    public void Context_SeveralPerTerm_SeparatedByBarsOrLines()
    {
        var rules = Rules(new DictionaryTerm("台独", TermKind.Sensitive, ExceptionContexts: "平台独立｜平台独家|舞台独白\n平台独有"));
        Assert.Equal(["平台独立", "平台独家", "舞台独白", "平台独有"], DictionaryExceptionContexts.Split(rules.Terms[0].ExceptionContexts));
        Assert.Empty(Check("平台独立、平台独家、舞台独白、平台独有", rules: rules).Hits);
        Assert.Single(Check("平台独到", rules: rules).Hits);
    }

    [Fact]
    public void Context_NotContainingTheTerm_IgnoredByTheRuleSet()
    {
        var rules = Rules(new DictionaryTerm("台独", TermKind.Sensitive, ExceptionContexts: "独立自主\n台独"));
        var hit = Assert.Single(Check("台独独立自主", rules: rules).Hits);
        Assert.Equal("台独", hit.Match);
    }

    [Fact]
    public void SuppressedTerm_DoesNotHideAnotherTerm()
    {
        var rules = Rules(
            new DictionaryTerm("台独", TermKind.Sensitive, ExceptionContexts: "平台独立"),
            new DictionaryTerm("独立王国", TermKind.Sensitive));
        var hit = Assert.Single(Check("搞平台独立王国", rules: rules).Hits);
        Assert.Equal("独立王国", hit.Match);
    }

    [Theory]
    [InlineData("台独", "平台独立", null)]
    [InlineData("台独", "独立", "例外语境“独立”不含词条“台独”，每个例外语境须包含词条本身。")]
    [InlineData("台独", "台独", "例外语境“台独”与词条相同，须比词条多出前后文字。")]
    [InlineData("App", "ａｐｐｓｔｏｒｅ", null)]
    public void Validate_EachContextMustContainTheTerm(string term, string context, string? error)
    {
        Assert.Equal(error, DictionaryExceptionContexts.Validate(term, [context]));
    }
}
