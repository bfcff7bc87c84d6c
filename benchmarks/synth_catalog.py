"""The fixed vocabulary of the synthetic organization: which organs every area
has, their sections, the sectors they regulate and the powers they hold.

Names follow the Chinese administrative pattern (党委, 政府, 局, 股/科/处) so a
generated file reads like a real one; nothing here is random.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskwarn.model import AdminLevel, BodyKind, Function, PowerKind, UnitKind

__all__ = [
    "CHECKER_ORGANS",
    "FAMILY_NAMES",
    "GIVEN_CHARS",
    "ORGANS",
    "PLACE_CHARS",
    "SECTORS",
    "SECTOR_NAMES",
    "SENSITIVE_UNITS",
    "TOWNSHIP",
    "OrganSpec",
    "SectionSpec",
]

F, K, U = Function, PowerKind, UnitKind


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """An internal section (内设机构): base name and the functions of its posts."""

    name: str
    functions: tuple[Function, ...] = ()


@dataclass(frozen=True, slots=True)
class OrganSpec:
    """An organ every area has. ``parent`` is ``committee``, ``government`` or
    ``None`` (the area's party committee itself, whose parent is the area above)."""

    code: str
    name: str
    kind: UnitKind
    parent: str | None
    principal: str
    deputy: str
    deputies: tuple[int, int]
    sections: tuple[SectionSpec, ...]
    regulates: tuple[str, ...] = ()
    powers: tuple[tuple[str, PowerKind], ...] = ()
    body: BodyKind = BodyKind.PARTY_GROUP
    leader_functions: tuple[Function, ...] = ()
    splits: bool = True
    """Whether the 2016–2024 reorganizations may replace its sections."""


def _s(name: str, *functions: Function) -> SectionSpec:
    return SectionSpec(name, functions)


_OFFICE = _s("办公室")
_COMMON_POWERS = (
    ("干部选拔任用", K.PERSONNEL),
    ("大额资金使用", K.FINANCE),
    ("物资服务采购", K.PROCUREMENT),
    ("机关基建维修", K.ENGINEERING),
)
_GOV = "government"
_COM = "committee"

# fmt: off
ORGANS: tuple[OrganSpec, ...] = (
    OrganSpec("wei", "委", U.PARTY_COMMITTEE, None, "书记", "副书记", (2, 3),
              (_OFFICE, _s("督查室"), _s("政策研究室"), _s("机要保密室")),
              powers=(*_COMMON_POWERS, ("重大事项决策", K.OTHER)),
              body=BodyKind.STANDING_COMMITTEE, splits=False),
    OrganSpec("zf", "人民政府", U.GOVERNMENT, _COM, "{level}长", "副{level}长", (4, 6),
              (_OFFICE, _s("法制", F.APPROVAL), _s("金融工作", F.FINANCE), _s("信访")),
              powers=(*_COMMON_POWERS, ("政府投资项目审批", K.LICENSING),
                      ("专项资金分配", K.FINANCE)),
              body=BodyKind.EXECUTIVE, splits=False),
    OrganSpec("rd", "人大常委会", U.PEOPLES_CONGRESS, _COM, "主任", "副主任", (2, 4),
              (_OFFICE, _s("法制工作委员会"), _s("预算工作委员会", F.FINANCE)),
              powers=(*_COMMON_POWERS, ("预算审查监督", K.OTHER))),
    OrganSpec("zx", "政协", U.CPPCC, _COM, "主席", "副主席", (2, 4),
              (_OFFICE, _s("提案委员会"), _s("文史委员会")), powers=_COMMON_POWERS),
    OrganSpec("zzb", "委组织部", U.ORGANIZATION, _COM, "部长", "副部长", (2, 3),
              (_OFFICE, _s("干部", F.ORGANIZATION, F.PERSONNEL), _s("组织", F.ORGANIZATION),
               _s("公务员管理", F.PERSONNEL), _s("干部监督", F.ORGANIZATION)),
              powers=(*_COMMON_POWERS, ("干部考察", K.PERSONNEL), ("公务员招录", K.PERSONNEL)),
              leader_functions=(F.ORGANIZATION, F.PERSONNEL), splits=False),
    OrganSpec("jw", "纪委监委", U.DISCIPLINE, _COM, "书记", "副书记", (2, 3),
              (_OFFICE, _s("第一监督检查室", F.DISCIPLINE, F.INSPECTION),
               _s("第二监督检查室", F.DISCIPLINE, F.INSPECTION),
               _s("第三监督检查室", F.DISCIPLINE, F.INSPECTION), _s("案件审理室", F.DISCIPLINE)),
              powers=(*_COMMON_POWERS, ("问题线索处置", K.OTHER), ("留置审批", K.OTHER)),
              leader_functions=(F.DISCIPLINE, F.INSPECTION), splits=False),
    OrganSpec("xcb", "委宣传部", U.PARTY_DEPARTMENT, _COM, "部长", "副部长", (2, 3),
              (_OFFICE, _s("新闻"), _s("文艺")), regulates=("media",),
              powers=(*_COMMON_POWERS, ("文化项目扶持", K.FINANCE))),
    OrganSpec("zfw", "委政法委", U.PARTY_DEPARTMENT, _COM, "书记", "副书记", (1, 2),
              (_OFFICE, _s("执法监督"), _s("综治")), powers=_COMMON_POWERS),
    OrganSpec("fy", "人民法院", U.COURT, _COM, "院长", "副院长", (2, 4),
              (_OFFICE, _s("立案庭"), _s("执行局", F.PENALTY), _s("审判管理"),
               _s("政治部", F.PERSONNEL)),
              powers=(*_COMMON_POWERS, ("案款执行发放", K.FINANCE), ("司法拍卖", K.PENALTY))),
    OrganSpec("jcy", "人民检察院", U.PROCURATORATE, _COM, "检察长", "副检察长", (2, 3),
              (_OFFICE, _s("公诉"), _s("侦查监督"), _s("政治部", F.PERSONNEL)),
              powers=(*_COMMON_POWERS, ("不起诉决定", K.OTHER))),
    OrganSpec("gaj", "公安{bureau}", U.PUBLIC_SECURITY, _GOV, "{bureau}长", "副{bureau}长", (3, 5),
              (_OFFICE, _s("治安", F.PENALTY), _s("交警", F.PENALTY), _s("户政", F.LICENSING),
               _s("警务保障", F.FINANCE, F.PROCUREMENT), _s("政治处", F.PERSONNEL)),
              regulates=("security_services", "entertainment"),
              powers=(*_COMMON_POWERS, ("治安处罚", K.PENALTY), ("户口迁移审批", K.LICENSING),
                      ("特种行业许可", K.LICENSING), ("罚没款管理", K.FINANCE))),
    OrganSpec("fgw", "发展和改革委员会", U.DEPARTMENT, _GOV, "主任", "副主任", (2, 4),
              (_OFFICE, _s("投资", F.APPROVAL), _s("价格"), _s("能源", F.APPROVAL)),
              regulates=("energy",),
              powers=(*_COMMON_POWERS, ("固定资产投资项目核准", K.LICENSING),
                      ("价格监督检查", K.PENALTY), ("中央预算内投资分配", K.FINANCE))),
    OrganSpec("czj", "财政{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 4),
              (_OFFICE, _s("预算", F.FINANCE), _s("国库", F.FINANCE),
               _s("政府采购管理", F.PROCUREMENT), _s("会计", F.FINANCE),
               _s("经济建设", F.FINANCE, F.ENGINEERING)),
              regulates=("accounting",),
              powers=(*_COMMON_POWERS, ("预算调整", K.FINANCE), ("国库资金拨付", K.FINANCE),
                      ("政府采购监督", K.PROCUREMENT), ("财政投资评审", K.ENGINEERING)),
              splits=False),
    OrganSpec("zjj", "住房和城乡建设{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长",
              (2, 4),
              (_OFFICE, _s("建筑业管理", F.LICENSING), _s("城市建设", F.ENGINEERING),
               _s("房地产市场", F.LICENSING), _s("质量安全", F.PENALTY)),
              regulates=("construction", "real_estate"),
              powers=(*_COMMON_POWERS, ("施工许可", K.LICENSING), ("招投标监管", K.ENGINEERING),
                      ("资质审批", K.LICENSING), ("建设工程处罚", K.PENALTY))),
    OrganSpec("zrzy", "自然资源{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 4),
              (_OFFICE, _s("用地审批", F.APPROVAL, F.LICENSING), _s("矿产资源", F.LICENSING),
               _s("执法监察", F.PENALTY), _s("规划", F.APPROVAL)),
              regulates=("land", "mining"),
              powers=(*_COMMON_POWERS, ("土地出让", K.LICENSING), ("采矿权审批", K.LICENSING),
                      ("规划许可", K.LICENSING), ("违法用地处罚", K.PENALTY))),
    OrganSpec("jtj", "交通运输{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 3),
              (_OFFICE, _s("建设管理", F.ENGINEERING), _s("运输管理", F.LICENSING),
               _s("路政", F.PENALTY)),
              regulates=("transport", "logistics"),
              powers=(*_COMMON_POWERS, ("公路工程发包", K.ENGINEERING),
                      ("道路运输许可", K.LICENSING), ("交通行政处罚", K.PENALTY))),
    OrganSpec("scjg", "市场监督管理{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长",
              (3, 4),
              (_OFFICE, _s("登记注册", F.LICENSING), _s("食品安全", F.LICENSING, F.PENALTY),
               _s("药品监管", F.LICENSING), _s("稽查", F.PENALTY)),
              regulates=("food", "pharma", "retail"),
              powers=(*_COMMON_POWERS, ("食品经营许可", K.LICENSING),
                      ("市场监管处罚", K.PENALTY), ("药品经营许可", K.LICENSING))),
    OrganSpec("sthj", "生态环境{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 3),
              (_OFFICE, _s("环评", F.APPROVAL), _s("执法", F.PENALTY)),
              regulates=("chemical", "environment_services"),
              powers=(*_COMMON_POWERS, ("环评审批", K.LICENSING), ("环境行政处罚", K.PENALTY))),
    OrganSpec("wjw", "卫生健康委员会", U.DEPARTMENT, _GOV, "主任", "副主任", (2, 4),
              (_OFFICE, _s("医政", F.LICENSING), _s("规划财务", F.FINANCE), _s("疾控")),
              regulates=("healthcare",),
              powers=(*_COMMON_POWERS, ("医疗机构执业许可", K.LICENSING),
                      ("医疗设备采购", K.PROCUREMENT))),
    OrganSpec("jyj", "教育{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 4),
              (_OFFICE, _s("基础教育"), _s("计划财务", F.FINANCE), _s("人事", F.PERSONNEL)),
              regulates=("education",),
              powers=(*_COMMON_POWERS, ("民办学校审批", K.LICENSING), ("校舍建设", K.ENGINEERING),
                      ("教师招聘", K.PERSONNEL))),
    OrganSpec("sjj", "审计{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 3),
              (_OFFICE, _s("经济责任审计", F.AUDIT), _s("财政审计", F.AUDIT),
               _s("固定资产投资审计", F.AUDIT, F.ENGINEERING)),
              powers=(*_COMMON_POWERS, ("审计项目计划", K.OTHER), ("审计处理处罚", K.PENALTY)),
              leader_functions=(F.AUDIT,), splits=False),
    OrganSpec("rsj", "人力资源和社会保障{bureau}", U.DEPARTMENT, _GOV, "{bureau}长",
              "副{bureau}长", (2, 4),
              (_OFFICE, _s("事业单位人事管理", F.PERSONNEL), _s("就业促进"),
               _s("社会保险基金", F.FINANCE), _s("劳动监察", F.PENALTY)),
              regulates=("labor_services",),
              powers=(*_COMMON_POWERS, ("事业单位招聘", K.PERSONNEL), ("社保基金支付", K.FINANCE),
                      ("劳动保障处罚", K.PENALTY))),
    OrganSpec("nyj", "农业农村{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 4),
              (_OFFICE, _s("计划财务", F.FINANCE), _s("种植业管理"), _s("农田建设", F.ENGINEERING)),
              regulates=("agriculture",),
              powers=(*_COMMON_POWERS, ("农业补贴发放", K.FINANCE),
                      ("高标准农田建设", K.ENGINEERING))),
    OrganSpec("slj", "水利{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 3),
              (_OFFICE, _s("建设管理", F.ENGINEERING), _s("水资源", F.LICENSING)),
              regulates=("water",),
              powers=(*_COMMON_POWERS, ("水利工程发包", K.ENGINEERING), ("取水许可", K.LICENSING))),
    OrganSpec("swj", "商务{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 3),
              (_OFFICE, _s("市场建设"), _s("对外贸易", F.LICENSING)),
              regulates=("trade", "retail"),
              powers=(*_COMMON_POWERS, ("商贸专项资金", K.FINANCE), ("外贸经营备案", K.LICENSING))),
    OrganSpec("yjj", "应急管理{bureau}", U.DEPARTMENT, _GOV, "{bureau}长", "副{bureau}长", (2, 3),
              (_OFFICE, _s("安全生产执法", F.PENALTY), _s("危化品监管", F.LICENSING)),
              regulates=("mining", "chemical"),
              powers=(*_COMMON_POWERS, ("安全生产许可", K.LICENSING),
                      ("安全生产处罚", K.PENALTY))),
    OrganSpec("ggzy", "公共资源交易中心", U.INSTITUTION, _GOV, "主任", "副主任", (1, 2),
              (_OFFICE, _s("交易服务", F.PROCUREMENT), _s("场地见证", F.PROCUREMENT)),
              powers=(*_COMMON_POWERS, ("交易场次安排", K.PROCUREMENT),
                      ("保证金退还", K.FINANCE))),
    OrganSpec("ct", "城市建设投资集团", U.ENTERPRISE, _GOV, "董事长", "副总经理", (2, 3),
              (_OFFICE, _s("工程部", F.ENGINEERING), _s("财务部", F.FINANCE),
               _s("招标采购部", F.PROCUREMENT)),
              powers=(*_COMMON_POWERS, ("工程分包", K.ENGINEERING), ("融资担保", K.FINANCE)),
              body=BodyKind.OTHER),
)
"""The organs of every area (province, city, county), in the order generated."""

TOWNSHIP = OrganSpec(
    "xz", "镇", U.TOWNSHIP, _COM, "党委书记", "副镇长", (2, 4),
    (_s("党政办公室"), _s("财政所", F.FINANCE), _s("规划建设办公室", F.ENGINEERING),
     _s("综合执法队", F.PENALTY)),
    powers=(*_COMMON_POWERS, ("村级工程监管", K.ENGINEERING), ("惠农资金发放", K.FINANCE)),
    body=BodyKind.OTHER,
)
"""A township (乡镇) of a county; each county has several."""
# fmt: on

SENSITIVE_UNITS = frozenset({
    U.PARTY_COMMITTEE, U.GOVERNMENT, U.ORGANIZATION, U.DISCIPLINE, U.COURT, U.PROCURATORATE,
    U.PUBLIC_SECURITY,
})  # fmt: skip
"""Organs whose principal must not serve in the place they come from (任职回避)."""

CHECKER_ORGANS = {"audit": "sjj", "discipline": "jw", "finance": "czj", "organization": "zzb"}
"""The organs whose posts check and supervise the others; they are never reorganized,
so what refers to them stays valid for the whole period."""

SECTOR_NAMES = {
    "construction": "建设工程",
    "real_estate": "房地产开发",
    "land": "土地整理",
    "mining": "矿业",
    "transport": "运输",
    "logistics": "物流",
    "food": "食品",
    "pharma": "医药",
    "retail": "商贸",
    "chemical": "化工",
    "environment_services": "环保科技",
    "healthcare": "医疗器械",
    "education": "教育咨询",
    "labor_services": "劳务",
    "agriculture": "农业开发",
    "water": "水务",
    "trade": "进出口",
    "energy": "能源",
    "accounting": "会计服务",
    "media": "文化传媒",
    "security_services": "保安服务",
    "entertainment": "娱乐",
    "tourism": "旅游",
    "software": "软件",
    "catering": "餐饮",
}
"""Business sectors of entities, with the Chinese word used in entity names;
most are regulated by some organ (`Unit.regulates`)."""

SECTORS: tuple[str, ...] = tuple(SECTOR_NAMES)

LEVEL_WORD = {
    AdminLevel.PROVINCE: "省",
    AdminLevel.CITY: "市",
    AdminLevel.COUNTY: "县",
    AdminLevel.TOWNSHIP: "镇",
}
SECTION_SUFFIX = {
    AdminLevel.PROVINCE: "处",
    AdminLevel.CITY: "科",
    AdminLevel.COUNTY: "股",
    AdminLevel.TOWNSHIP: "",
}

FAMILY_NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯鑫晨欣怡雪琳晓峰海波亮志红梅丹慧婷宁林佳颖嘉俊昊轩子涵雨博睿泽思远"
PLACE_CHARS = "安平清河阳东西南北新宁昌丰城山江川海林泉兴华德文武长永定庆嘉云"
