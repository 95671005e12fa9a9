namespace Governance.Workflows.PreCheck;

/// <summary>
/// Seed data for a new installation. The Admin maintains the real lists (敏感词库/错误表述库, 白名单, 核准稿源);
/// the sensitive words here are placeholders that show the mechanism, not a complete list.
/// </summary>
public static class PreCheckDefaults
{
    private static DictionaryTerm W(string wrong, string correct, string? note = null, params string[] exceptions) =>
        new(wrong, TermKind.Incorrect, correct, note, DictionaryExceptionContexts.Join(exceptions));

    private static DictionaryTerm S(string word, params string[] exceptions) =>
        new(word, TermKind.Sensitive, null, "占位示例，敏感词库由管理员维护", DictionaryExceptionContexts.Join(exceptions));

    /// <summary>Starter dictionary: common wrong political/official expressions (错误表述) and placeholder sensitive words, some with 例外语境.</summary>
    public static IReadOnlyList<DictionaryTerm> Terms { get; } =
    [
        // 涉台表述
        W("台湾总统", "台湾地区领导人", "涉台用语规范"),
        W("中华民国总统", "台湾地区领导人", "涉台用语规范"),
        W("中华民国", "台湾当局", "1949年以后不得使用“中华民国”，1949年以前的历史表述除外",
            "中华民国时期", "中华民国成立", "中华民国临时政府", "中华民国元年"),
        W("台湾政府", "台湾当局", "涉台用语规范"),
        W("台湾行政院", "台湾地区行政管理机构", "涉台用语规范"),
        W("台湾立法院", "台湾地区立法机构", "涉台用语规范"),
        W("国立故宫博物院", "台北故宫博物院", "台湾方面冠以“国立”的机构，去掉“国立”"),
        W("国立台湾大学", "台湾大学", "台湾方面冠以“国立”的机构，去掉“国立”"),
        W("两岸三地", "海峡两岸暨香港、澳门", "涉港澳台用语规范"),
        // 涉港澳表述
        W("香港政府", "香港特别行政区政府"),
        W("澳门政府", "澳门特别行政区政府"),
        W("香港特首", "香港特别行政区行政长官"),
        W("澳门特首", "澳门特别行政区行政长官"),
        W("香港主权移交", "香港回归祖国", "不使用“主权移交”"),
        W("澳门主权移交", "澳门回归祖国", "不使用“主权移交”"),
        W("一国两制度", "一国两制"),
        // 涉外、地名、民族宗教
        W("北朝鲜", "朝鲜"),
        W("南朝鲜", "韩国"),
        W("南中国海", "南海"),
        W("尖阁列岛", "钓鱼岛及其附属岛屿"),
        W("斯卡伯勒浅滩", "黄岩岛"),
        W("西藏流亡政府", "达赖集团"),
        // 党和国家机构名称
        W("全国人大委员长", "全国人大常委会委员长"),
        W("人大委员长", "全国人大常委会委员长"),
        W("中华人民共和国国务院办公室", "中华人民共和国国务院办公厅"),
        W("国务院办公室", "国务院办公厅"),
        W("中共中央办公室", "中共中央办公厅"),
        W("省政府办公室", "省政府办公厅", "省级为办公厅"),
        W("县政府办公厅", "县政府办公室", "县级为办公室"),
        // 理论、方针表述
        W("习近平新时代中国特色社会主义理论", "习近平新时代中国特色社会主义思想"),
        W("社会主义核心价值观念", "社会主义核心价值观"),
        W("毛泽东理论", "毛泽东思想"),
        W("邓小平思想", "邓小平理论"),
        W("三个代表思想", "“三个代表”重要思想"),
        W("科学发展观念", "科学发展观"),
        W("新发展观念", "新发展理念", null, "创新发展观念"),
        W("四个自信心", "四个自信"),
        W("五位一体总体部署", "“五位一体”总体布局"),
        W("四个全面战略部署", "“四个全面”战略布局"),
        W("两个一百年目标", "“两个一百年”奋斗目标"),
        W("一带一路战略", "“一带一路”倡议", "官方表述为“倡议”"),
        W("乡村振兴计划", "乡村振兴战略"),
        W("十四五计划", "“十四五”规划", "“十一五”起称“规划”"),
        W("十五五计划", "“十五五”规划", "“十一五”起称“规划”"),

        // 敏感词（占位示例）
        S("法轮功"),
        // 例外语境: ordinary words that contain a placeholder term (平台独立, 香港独资企业, 西藏独特的…) are not hits.
        S("台独", "平台独立", "平台独家", "平台独有", "平台独特", "舞台独唱", "舞台独白"),
        S("藏独", "藏独特", "藏独有"),
        S("疆独", "疆独特", "疆独有"),
        S("港独", "港独资", "港独特", "港独有"),
        S("赌博网站"),
        S("网络赌博"),
        S("代开发票"),
        S("六合彩"),
        S("私彩"),
        S("代孕"),
        S("色情网站"),
        S("刷单返利"),
        S("翻墙软件"),
    ];

    /// <summary>
    /// Extra allowed link hosts besides *.gov.cn and *.政务: central/provincial official media (subdomains included).
    /// The Admin may remove them.
    /// </summary>
    public static IReadOnlyList<string> AllowedHosts { get; } =
    [
        "news.cn",
        "xinhuanet.com",
        "people.com.cn",
        "qstheory.cn",
        "gmw.cn",
        "ce.cn",
        "cctv.com",
        "12371.cn",
    ];

    /// <summary>核准稿源单位 (第19条(二)).</summary>
    public static IReadOnlyList<string> ApprovedSources { get; } =
    [
        "新华社",
        "新华网",
        "人民日报",
        "人民网",
        "中国政府网",
        "求是",
        "光明日报",
        "经济日报",
        "央视网",
        "中央广播电视总台",
        "陕西省人民政府网",
        "陕西日报",
        "群众新闻网",
        "宝鸡市人民政府网",
        "宝鸡日报",
        "扶风县人民政府网",
        "扶风县融媒体中心",
    ];
}
