#!/usr/bin/env python3
"""Generate the sample content of sanwu: the fictional county 示例县.

Writes content/towns/**: town.yaml, village.yaml and every village's finance/, affairs/ and party/
documents. content/site.yaml and content/pages/ are written by hand and are not touched.

    python3 scripts/gen_sample.py            # from the repository root (or any folder)

The output is deterministic: every village has its own seeded random generator, money is integer
fen, and YAML is written by hand so that it reads like a clerk's file. Running the script twice gives
byte-identical files. Generated files carry the marker line `# 示例数据（虚构）`; a generated file
that is no longer produced is removed, anything else under content/ is left alone.
Check the result with scripts/verify_sample.py.
"""

import datetime as dt
import math
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTENT = os.path.join(ROOT, "content")
TOWNS_DIR = os.path.join(CONTENT, "towns")
MARK = "# 示例数据（虚构）"
YEAR = 2025
D = dt.date


# ---------------------------------------------------------------------------------------------
# calendar: 2025 public holidays and the weekend days that are worked instead (调休)

HOLIDAYS = set()
for a, b in [((2025, 1, 1), (2025, 1, 1)), ((2025, 1, 28), (2025, 2, 4)), ((2025, 4, 4), (2025, 4, 6)),
             ((2025, 5, 1), (2025, 5, 5)), ((2025, 5, 31), (2025, 6, 2)), ((2025, 10, 1), (2025, 10, 8)),
             ((2026, 1, 1), (2026, 1, 3))]:
    d = D(*a)
    while d <= D(*b):
        HOLIDAYS.add(d)
        d += dt.timedelta(days=1)
MAKEUP_WORKDAYS = {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11), D(2026, 1, 4)}


def is_workday(d):
    if d in MAKEUP_WORKDAYS:
        return True
    if d in HOLIDAYS:
        return False
    return d.weekday() < 5


def next_workday(d):
    while not is_workday(d):
        d += dt.timedelta(days=1)
    return d


def prev_workday(d):
    while not is_workday(d):
        d -= dt.timedelta(days=1)
    return d


def add_workdays(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def sub_workdays(d, n):
    while n > 0:
        d -= dt.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def workday_in_month(y, m, day):
    """The workday nearest to y-m-day (forward first) that stays inside the month."""
    last = month_end(y, m).day
    d = D(y, m, min(day, last))
    f = next_workday(d)
    if f.month == m:
        return f
    return prev_workday(d)


def month_end(y, m):
    if m == 12:
        return D(y, 12, 31)
    return D(y, m + 1, 1) - dt.timedelta(days=1)


def days(d, n):
    return d + dt.timedelta(days=n)


def cn_date(d):
    return f"{d.year}年{d.month}月{d.day}日"


def md(d):
    return f"{d.month}月{d.day}日"


# ---------------------------------------------------------------------------------------------
# money: integer fen

def money(fen):
    assert isinstance(fen, int) and fen >= 0, fen
    y, f = divmod(fen, 100)
    return f"{y:,}.{f:02d}"


def yuan(n):
    return int(n) * 100


def wan(fen):
    """52,000 元 → 5.2 万元, used in prose."""
    w = fen / 1_000_000
    s = f"{w:.2f}".rstrip("0").rstrip(".")
    return f"{s}万元"


CN_NUM = "〇一二三四五六七八九十"


def cn_num(n):
    if n <= 10:
        return CN_NUM[n]
    if n < 20:
        return "十" + (CN_NUM[n - 10] if n > 10 else "")
    t, o = divmod(n, 10)
    return CN_NUM[t] + "十" + (CN_NUM[o] if o else "")


GROUP_NAMES = ["一组", "二组", "三组", "四组", "五组", "六组", "七组"]
QUARTER_CN = {1: "一", 2: "二", 3: "三", 4: "四"}


# ---------------------------------------------------------------------------------------------
# fictional names

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许沈彭吕苏蒋蔡贾丁魏薛叶余潘杜夏钟汪田任姜范方石姚谭廖邹熊陆郝白崔康毛邱秦史侯邵孟雷汤尹龚文")
MALE_A = list("建国志永德明文海春长玉金正成光新宏兴家世忠俊红小继庆")
MALE_B = list("华军平强伟刚勇林峰斌波东贵福全良民生安山涛杰辉祥龙荣云宝才义军明")
FEMALE_A = list("秀玉春桂丽小凤金美晓海红淑彩翠雪艳慧月")
FEMALE_B = list("英兰芳玲霞琴梅娟珍莲燕萍云花敏静丽娥琼洁")


class Names:
    """Unique fictional names for one village; a few surnames dominate, as in a real village."""

    def __init__(self, rng, main_surnames):
        self.rng = rng
        self.main = list(main_surnames)
        self.used = set()

    def surname(self):
        r = self.rng.random()
        if r < 0.55:
            return self.rng.choice(self.main)
        return self.rng.choice(SURNAMES)

    def new(self, gender=None):
        if gender is None:
            gender = "男" if self.rng.random() < 0.6 else "女"
        for _ in range(1000):
            s = self.surname()
            a, b = (MALE_A, MALE_B) if gender == "男" else (FEMALE_A, FEMALE_B)
            if self.rng.random() < 0.15:
                g = self.rng.choice(b)
            else:
                g = self.rng.choice(a) + self.rng.choice(b)
                if g[0] == g[1]:
                    continue
            n = s + g
            if n not in self.used:
                self.used.add(n)
                return n, gender
        raise RuntimeError("out of names")

    def name(self, gender=None):
        return self.new(gender)[0]


# ---------------------------------------------------------------------------------------------
# the county: 8 towns, 13 villages

TOWNS = [
    dict(id="zibai", name="紫柏镇", kind="镇", code="999001100000", phone="0916-3820101"),
    dict(id="yunxi", name="云溪镇", kind="镇", code="999001101000", phone="0916-3830112"),
    dict(id="fenghuang", name="凤凰街道办", kind="街道办", code="999001001000", phone="0916-3200126"),
    dict(id="baishui", name="白水乡", kind="乡", code="999001200000", phone="0916-3840135"),
    dict(id="songping", name="松坪乡", kind="乡", code="999001201000", phone="0916-3850147"),
    dict(id="heyuan", name="河源镇", kind="镇", code="999001102000", phone="0916-3860158"),
    dict(id="taoxi", name="桃溪镇", kind="镇", code="999001103000", phone="0916-3870163"),
    dict(id="lingkou", name="岭口镇", kind="镇", code="999001104000", phone="0916-3880171"),
]

CONTRACTORS = ["示例县恒通建筑工程有限公司", "示例县安澜水利工程有限公司", "示例县鑫源市政工程有限公司",
               "示例县青山路桥工程有限公司", "示例县明光照明工程有限公司", "示例县宏达建设工程有限公司",
               "示例县润泽水务工程有限公司", "示例县德顺建筑劳务有限公司"]


def P(name, place, content, budget, contract, contractor, grant, pays, start, completed, result=True, source="县财政衔接推进乡村振兴补助资金"):
    return dict(name=name, place=place, content=content, budget=yuan(budget), contract=yuan(contract),
                contractor=contractor, grant=grant, pays=pays, start=start, completed=completed,
                show_result=result, source=source)


# grant: (date, yuan, summary); pays: [(date, fen, summary)] -- the contract price less a 3% retention
VILLAGES = [
    dict(town="zibai", id="qingquan", name="清泉村", kind="村", code="999001100201", ngroups=5, surnames="刘王陈",
         seed=11, open_cash=128650, open_bank=8642035, yunzhuan=yuan(22000), cleaners=2, wage=yuan(1500),
         feat=dict(pond=yuan(8000), pv=yuan(2600), gongyi=yuan(1000), water=298), party=34, reps=42, pop=1268, households=356,
         phone="0916-3921104", allowance=yuan(30),
         project=P("三组至五组组道硬化工程", "三组、四组、五组", "硬化组道1.6公里，路面宽3.5米，厚18厘米C25混凝土", 168000, 159600,
                   CONTRACTORS[0], (D(2025, 4, 18), 150000, "上级拨付组道硬化项目衔接资金"),
                   [(D(2025, 5, 20), 7980000, "组道硬化工程进度款"), (D(2025, 7, 15), 7501200, "组道硬化工程尾款")],
                   D(2025, 3, 3), D(2025, 7, 8)),
         affairs=["renju", "shouyi"], party_notices=["zhutidangri-3", "minzhu"], dev="发展对象", benef="dibao",
         fin_notice="zichan", extra_decision="shuifei", special="revisions"),
    dict(town="zibai", id="sancha", name="三岔村", kind="村", code="999001100202", ngroups=4, surnames="张杨",
         seed=12, open_cash=86020, open_bank=5230418, yunzhuan=yuan(18000), cleaners=1, wage=yuan(1400),
         feat=dict(forest=yuan(12800), tea=yuan(9600), fanghuo=True), party=27, reps=36, pop=986, households=281,
         phone="0916-3921262", allowance=yuan(30),
         project=P("二组安全饮水管网改造工程", "二组", "更换主管网2.2公里，新建50立方米蓄水池1座，入户改造63户", 98000, 96340,
                   CONTRACTORS[6], (D(2025, 5, 12), 90000, "上级拨付农村饮水安全维修养护资金"),
                   [(D(2025, 6, 25), 9344980, "饮水管网改造工程款")], D(2025, 4, 7), D(2025, 6, 18),
                   source="县水利局农村饮水安全维修养护资金"),
         affairs=["fanghuo", "yibao"], party_notices=["gongzuo"], dev="入党积极分子", benef="tuigeng",
         fin_notice="banian", dues_short=True),
    dict(town="zibai", id="liujiaping", name="刘家坪村", kind="村", code="999001100203", ngroups=6, surnames="刘刘何",
         seed=13, open_cash=210500, open_bank=12870566, yunzhuan=yuan(25000), cleaners=3, wage=yuan(1400),
         feat=dict(coop=("村集体入股示例县坪上蔬菜专业合作社", yuan(18000)), gongyi=yuan(1000)), party=41, reps=48, pop=1542,
         households=433, phone="0916-3921337", allowance=yuan(50),
         project=P("一组至三组灌溉水渠衬砌工程", "一组、二组、三组", "衬砌灌溉水渠2.3公里，新建分水闸6处", 215000, 215000,
                   CONTRACTORS[1], (D(2025, 2, 26), 200000, "上级拨付灌溉水渠衬砌项目衔接资金"),
                   [(D(2025, 3, 28), 6450000, "水渠衬砌工程预付款"), (D(2025, 5, 16), 8600000, "水渠衬砌工程进度款"),
                    (D(2025, 6, 30), 5805000, "水渠衬砌工程尾款")], D(2025, 2, 10), D(2025, 6, 20)),
         affairs=["jidongdi", "shouyi"], party_notices=["zhutidangri-7"], dev="预备党员", benef="gengdi",
         fin_notice="zichan", extra_decision="jidongdi"),
    dict(town="yunxi", id="xiba", name="溪坝村", kind="村", code="999001101201", ngroups=5, surnames="李周",
         seed=21, open_cash=64210, open_bank=9318870, yunzhuan=yuan(22000), cleaners=2, wage=yuan(1500),
         feat=dict(pv=yuan(3100), shops=(4, yuan(650))), party=36, reps=44, pop=1327, households=372,
         phone="0916-3932145", allowance=yuan(30),
         project=P("溪坝河二组段河堤护坡工程", "二组", "浆砌石护坡420米，清理河道淤积", 132000, 131000,
                   CONTRACTORS[1], (D(2025, 9, 22), 120000, "上级拨付河堤护坡项目资金"),
                   [(D(2025, 11, 5), 8200000, "河堤护坡工程进度款"), (D(2025, 12, 19), 4507000, "河堤护坡工程尾款")],
                   D(2025, 9, 1), D(2025, 12, 10), source="县水利局中小河流治理补助资金"),
         affairs=["fangxun", "cunguimingyue"], party_notices=["zhutidangri-9", "shenghuohui"], dev="转正", benef="linshi",
         fin_notice="banian", small_pay_decision=True),
    dict(town="yunxi", id="tangfang", name="汤坊村", kind="村", code="999001101202", ngroups=3, surnames="汤罗",
         seed=22, open_cash=153300, open_bank=4106250, yunzhuan=yuan(16000), cleaners=1, wage=yuan(1400),
         feat=dict(minsu=("村集体入股示例县汤坊民宿专业合作社", yuan(8500)), pond=yuan(4500)), party=22, reps=31, pop=764,
         households=219, phone="0916-3932218", allowance=yuan(30),
         project=P("村级活动场所维修改造工程", "村委会", "屋面防水翻新、便民服务大厅改造、无障碍坡道", 80000, 78770,
                   CONTRACTORS[5], (D(2025, 3, 20), 60000, "上级拨付村级活动场所维修改造补助资金"),
                   [(D(2025, 5, 9), 7640690, "活动场所维修改造工程款")], D(2025, 3, 3), D(2025, 4, 30),
                   source="县委组织部村级活动场所建设补助资金"),
         affairs=["renju", "xiangmuku"], party_notices=["biaozhang"], dev="发展对象", benef="gaoling", fin_notice="zichan"),
    dict(town="yunxi", id="maoping", name="茅坪村", kind="村", code="999001101203", ngroups=4, surnames="毛龚",
         seed=23, open_cash=97500, open_bank=15230072, yunzhuan=yuan(20000), cleaners=2, wage=yuan(1400),
         feat=dict(forest=yuan(9600), herbs=("村集体入股示例县茅坪中药材种植专业合作社", yuan(26000)), fanghuo=True),
         party=30, reps=38, pop=1104, households=305, phone="0916-3932376", allowance=yuan(40),
         project=P("茅坪至后沟产业路修建工程", "三组、四组", "新建产业路2.1公里，路面宽4.5米，配套涵管12处", 245000, 243000,
                   CONTRACTORS[3], (D(2025, 6, 16), 230000, "上级拨付产业路项目衔接资金"),
                   [(D(2025, 7, 22), 9800000, "产业路工程进度款"), (D(2025, 9, 26), 13771000, "产业路工程尾款")],
                   D(2025, 5, 6), D(2025, 9, 15)),
         affairs=["fanghuo", "shouyi"], party_notices=["sanhui", "minzhu"], dev="入党积极分子", benef="gengdi",
         fin_notice="banian", extra_decision="shouyi"),
    dict(town="fenghuang", id="jinqiao", name="金桥社区", kind="社区", code="999001001001", ngroups=4, surnames="金赵",
         seed=31, open_cash=342080, open_bank=21054095, yunzhuan=yuan(30000), cleaners=4, wage=yuan(1800),
         feat=dict(shops=(9, yuan(1200)), parking=True), party=46, reps=52, pop=2310, households=826,
         phone="0916-3210588", allowance=yuan(50),
         project=P("金桥小区雨污管网改造工程", "金桥小区一至四组", "雨污分流改造管网1.8公里，检查井46座", 186000, 186000,
                   CONTRACTORS[2], (D(2025, 4, 25), 180000, "上级拨付老旧小区改造补助资金"),
                   [(D(2025, 6, 12), 11160000, "雨污管网改造工程进度款"), (D(2025, 8, 20), 6882000, "雨污管网改造工程尾款")],
                   D(2025, 4, 1), D(2025, 8, 8), source="县住建局老旧小区改造补助资金"),
         affairs=["html", "fangwu"], party_notices=["zhutidangri-6", "gongzuo"], dev="预备党员", benef="dibao",
         fin_notice="zichan"),
    dict(town="fenghuang", id="shuangmiao", name="双庙村", kind="村", code="999001001201", ngroups=5, surnames="吴孙",
         seed=32, open_cash=118800, open_bank=7640510, yunzhuan=yuan(22000), cleaners=2, wage=yuan(1600),
         feat=dict(greenhouse=yuan(14400), gongyi=yuan(1000)), party=33, reps=40, pop=1215, households=347,
         phone="0916-3211692", allowance=yuan(30),
         project=P("双庙村文化广场建设工程", "二组", "硬化广场1,200平方米，安装健身器材12件，建宣传栏一处", 128000, 128000,
                   CONTRACTORS[5], (D(2025, 7, 10), 100000, "上级拨付文化广场建设补助资金"),
                   [(D(2025, 9, 4), 6400000, "文化广场工程进度款"), (D(2025, 10, 30), 6016000, "文化广场工程尾款")],
                   D(2025, 6, 3), D(2025, 10, 20), source="县文化和旅游局公共文化设施补助资金"),
         affairs=["daibiao", "jiegan"], party_notices=["zhutidangri-11"], dev="转正", benef="gongyi", fin_notice="banian"),
    dict(town="baishui", id="baishuihe", name="白水河村", kind="村", code="999001200201", ngroups=4, surnames="白潘",
         seed=41, open_cash=72040, open_bank=6620115, yunzhuan=yuan(18000), cleaners=1, wage=yuan(1400),
         feat=dict(pond=yuan(5200), pv=yuan(2200)), party=25, reps=34, pop=892, households=254,
         phone="0916-3941025", allowance=yuan(30),
         project=P("四组便民桥修建工程", "四组", "新建钢筋混凝土便民桥1座，长24米，宽4米", 92000, 92000,
                   CONTRACTORS[3], (D(2025, 10, 15), 85000, "上级拨付便民桥项目资金"),
                   [(D(2025, 11, 28), 8924000, "便民桥工程款")], D(2025, 9, 8), D(2025, 11, 20), result=False),
         affairs=["fangxun", "shouyi"], party_notices=["zhutidangri-7"], dev="发展对象", benef="tekun", fin_notice="zichan"),
    dict(town="songping", id="dashuping", name="大树坪村", kind="村", code="999001201201", ngroups=3, surnames="宋彭",
         seed=51, open_cash=55630, open_bank=6983040, yunzhuan=yuan(16000), cleaners=1, wage=yuan(1300),
         feat=dict(forest=yuan(15600), fanghuo=True), party=21, reps=30, pop=708, households=203,
         phone="0916-3951118", allowance=yuan(30),
         project=P("太阳能路灯安装工程", "一组至三组", "安装太阳能路灯86盏", 94600, 94600,
                   CONTRACTORS[4], (D(2025, 8, 18), 90000, "上级拨付太阳能路灯项目资金"),
                   [(D(2025, 10, 17), 9176200, "太阳能路灯安装工程款")], D(2025, 7, 14), D(2025, 10, 10)),
         affairs=["fanghuo", "yinshui"], party_notices=["zhutidangri-3", "shenghuohui"], dev="预备党员",
         benef="tuigeng", fin_notice="banian"),
    dict(town="heyuan", id="huilong", name="回龙村", kind="村", code="999001102201", ngroups=5, surnames="何郭",
         seed=61, open_cash=133470, open_bank=10488620, yunzhuan=yuan(22000), cleaners=2, wage=yuan(1500),
         feat=dict(pv=yuan(2900), forest=yuan(7200)), party=38, reps=45, pop=1390, households=388,
         phone="0916-3961204", allowance=yuan(30),
         project=P("回龙村主干道拓宽工程", "一组至五组", "主干道由3.5米拓宽至5.5米，长1.3公里", 176000, 176000,
                   CONTRACTORS[0], (D(2025, 3, 31), 160000, "上级拨付主干道拓宽项目衔接资金"),
                   [(D(2025, 5, 8), 7040000, "主干道拓宽工程进度款"), (D(2025, 6, 27), 10032000, "主干道拓宽工程尾款")],
                   D(2025, 3, 4), D(2025, 6, 18)),
         affairs=["renju", "yibao"], party_notices=["biaozhang", "minzhu"], dev="转正", benef="dibao", fin_notice="zichan"),
    dict(town="taoxi", id="xinjie", name="新街社区", kind="社区", code="999001103001", ngroups=3, surnames="谢陶",
         seed=71, open_cash=238090, open_bank=8450300, yunzhuan=yuan(25000), cleaners=3, wage=yuan(1600),
         feat=dict(shops=(6, yuan(900))), party=29, reps=35, pop=1860, households=702,
         phone="0916-3971036", allowance=yuan(40),
         project=P("社区日间照料中心改造工程", "新街社区服务中心", "改造日间照料用房260平方米，配置助餐、休息、康复设施", 68500, 68500,
                   CONTRACTORS[7], (D(2025, 10, 9), 60000, "上级拨付日间照料中心改造补助资金"),
                   [(D(2025, 12, 12), 6644500, "日间照料中心改造工程款")], D(2025, 9, 15), D(2025, 12, 5), result=False,
                   source="县民政局养老服务设施补助资金"),
         affairs=["fangwu", "shouyi"], party_notices=["sanhui"], dev="入党积极分子", benef="gaoling", fin_notice="banian"),
    dict(town="lingkou", id="yangjiagou", name="杨家沟村", kind="村", code="999001104201", ngroups=4, surnames="杨杨冯",
         seed=81, open_cash=90650, open_bank=11327745, yunzhuan=yuan(20000), cleaners=2, wage=yuan(1400),
         feat=dict(walnut=yuan(21000), forest=yuan(6400)), party=31, reps=39, pop=1146, households=318,
         phone="0916-3981152", allowance=yuan(30),
         project=P("杨家沟山塘除险加固工程", "二组", "山塘大坝防渗加固、溢洪道改造、放水设施更换", 158000, 158000,
                   CONTRACTORS[1], (D(2025, 2, 20), 150000, "上级拨付山塘除险加固项目资金"),
                   [(D(2025, 3, 25), 9480000, "山塘除险加固工程进度款"), (D(2025, 5, 15), 5846000, "山塘除险加固工程尾款")],
                   D(2025, 1, 13), D(2025, 5, 6), source="县水利局小型水库及山塘除险加固资金"),
         affairs=["jiegan", "cunguimingyue", "shouyi"], party_notices=["zhutidangri-6"], dev="发展对象", benef="linshi",
         fin_notice="zichan", extra_decision="shouyi"),
]


# ---------------------------------------------------------------------------------------------
# people of a village

def setup_people(v):
    rng = random.Random(v["seed"] * 1000 + 7)
    names = Names(rng, v["surnames"])
    v["names"] = names
    v["groups"] = GROUP_NAMES[: v["ngroups"]]
    v["committee"] = v["name"] + ("居民委员会" if v["kind"] == "社区" else "村民委员会")
    v["branch"] = "中共" + v["name"] + "支部委员会"
    v["branch_short"] = v["name"] + "党支部"
    v["folk"] = "居民" if v["kind"] == "社区" else "村民"
    town = TOWN_BY_ID[v["town"]]
    v["town_name"] = town["name"]
    street = town["kind"] == "街道办"
    v["zhen"] = "街道" if street else town["kind"]
    v["town_short"] = town["name"].replace("街道办", "街道")
    v["gov"] = "街道办事处" if street else town["kind"] + "政府"
    v["dangwei"] = "街道党工委" if street else town["kind"] + "党委"
    v["dangwei_full"] = v["town_short"] + ("党工委" if street else "党委")
    sup = [names.name("男"), names.name(rng.choice(["男", "女"])), names.name("女")]
    v["supervisors"] = sup
    v["secretary"] = names.name("男")       # 党支部书记、村（居）委会主任
    v["vice"] = names.name(rng.choice(["男", "女"]))
    v["clerk"] = names.name()               # 文书
    v["accountant"] = names.name("女")      # 报账员
    v["women"] = names.name("女")           # 妇联主席
    v["leaders"] = {g: names.name("男" if rng.random() < 0.8 else "女") for g in v["groups"]}
    # party members (full members with a vote); the cadres among them first
    members = [(v["secretary"], "cadre"), (v["vice"], "cadre"), (v["clerk"], "cadre"), (v["women"], "cadre")]
    n_retired = rng.randint(1, 3)
    while len(members) < v["party"]:
        if n_retired > 0:
            members.append((names.name("男"), "retired"))
            n_retired -= 1
        else:
            members.append((names.name("男" if rng.random() < 0.72 else "女"), rng.choice(["farmer"] * 5 + ["away"])))
    v["members"] = members
    dues = {}
    for n, cat in members:
        if cat == "cadre":
            dues[n] = rng.choice([yuan(30), yuan(36), yuan(45), yuan(54)])
        elif cat == "retired":
            dues[n] = rng.choice([4500, 6000, 7560, 9000, 12000])
        else:
            dues[n] = 60   # 0.20 元/月
    if v["seed"] % 2:   # one or two farmers who pay more by their own will
        dues[members[-1][0]] = 1200
    v["dues"] = dues


# ---------------------------------------------------------------------------------------------
# decisions (四议两公开)

def decision_steps(v, rng, start, reps_meeting=None):
    d1 = next_workday(start)
    d2 = add_workdays(d1, rng.randint(2, 4))
    d3 = add_workdays(d2, rng.randint(3, 5))
    d4 = reps_meeting or add_workdays(d3, rng.randint(3, 5))
    exp_p = len(v["members"])
    pres_p = rng.randint(math.ceil(exp_p * 2 / 3) + 2, exp_p - 1)
    exp_r = v["reps"]
    pres_r = rng.randint(math.ceil(exp_r * 0.8), exp_r - 1)
    agree = pres_r - rng.choice([0, 0, 1, 1, 2, 3])
    pub = add_workdays(d4, rng.randint(1, 3))
    return dict(d1=d1, d2=d2, d3=d3, d4=d4, exp_p=exp_p, pres_p=pres_p, exp_r=exp_r, pres_r=pres_r,
                agree=agree, published=pub)


def decision_yaml(title, published, matter, s, resolution, result=None, tags=None):
    out = [MARK, f"title: {title}", "kind: affairs.decision", f"published: {published}"]
    if tags:
        out.append(f"tags: [{', '.join(tags)}]")
    out.append(f"matter: {matter}")
    out.append("steps:")
    out.append(f"  - {{ stage: 支部提议, date: {s['d1']} }}")
    out.append(f"  - {{ stage: 两委商议, date: {s['d2']}, result: 同意 }}")
    out.append(f"  - {{ stage: 党员大会审议, date: {s['d3']}, expected: {s['exp_p']}, present: {s['pres_p']}, result: 通过 }}")
    out.append(f"  - {{ stage: 村民代表会议决议, date: {s['d4']}, expected: {s['exp_r']}, present: {s['pres_r']}, "
               f"agree: {s['agree']}, result: 通过 }}")
    out.append(f"resolution: {resolution}")
    if result:
        out.append(f"result: {result}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# finance

INCOME_ACCOUNTS = ["经营收入", "发包及上交收入", "补助收入", "投资收益", "其他收入"]
EXPENSE_ACCOUNTS = ["经营支出", "管理费用", "公益支出", "其他支出"]
FORBIDDEN_IN_FLOW = set(",{}[]:#&*!|>'\"%@`")


class Line:
    def __init__(self, date, io, account, summary, fen, method="bank", decision=None, comment=None):
        assert io in ("in", "out")
        assert account in (INCOME_ACCOUNTS if io == "in" else EXPENSE_ACCOUNTS), account
        assert not (set(summary) & FORBIDDEN_IN_FLOW), summary
        assert fen > 0
        self.date, self.io, self.account, self.summary, self.fen = date, io, account, summary, fen
        self.method, self.decision, self.comment = method, decision, comment
        self.voucher = None


def cents(rng, lo, hi):
    """A random amount in fen between lo and hi yuan, with cents."""
    return rng.randint(lo * 100, hi * 100)


def round_yuan(rng, lo, hi, step=1):
    return rng.randint(lo // step, hi // step) * step * 100


SEASON_PV = [0.62, 0.71, 0.9, 1.08, 1.2, 1.18, 1.26, 1.3, 1.07, 0.92, 0.7, 0.58]
SEASON_POWER = [1.45, 1.3, 1.0, 0.85, 0.8, 1.05, 1.3, 1.35, 1.0, 0.85, 1.05, 1.4]


def regular_lines(v, m, rng, open_bank):
    """The ordinary business of one month."""
    f = v["feat"]
    y = YEAR
    L = []

    def wd(day):
        return workday_in_month(y, m, day)

    # --- income
    if m in (1, 4, 7, 10):
        q = (m - 1) // 3 + 1
        L.append(Line(wd(rng.randint(9, 20)), "in", "补助收入", f"拨付{YEAR}年第{QUARTER_CN[q]}季度{'社区' if v['kind'] == '社区' else '村级'}组织运转经费", v["yunzhuan"]))
    if m in (3, 6, 9, 12):
        interest = open_bank * 35 // 40000 + rng.randint(-900, 900)
        L.append(Line(wd(21), "in", "其他收入", "银行存款利息", max(interest, 1234)))
    if "pv" in f:
        prev = f"{YEAR - 1}年12月" if m == 1 else f"{m - 1}月"
        amt = int(f["pv"] * SEASON_PV[(m - 2) % 12] * rng.uniform(0.93, 1.07))
        L.append(Line(wd(rng.randint(14, 22)), "in", "经营收入", f"村级光伏电站{prev}发电收益", amt))
    if "pond" in f and m == 3:
        L.append(Line(wd(rng.randint(3, 12)), "in", "发包及上交收入", f"{YEAR}年度集体鱼塘承包费", f["pond"], "cash"))
    if "forest" in f and m == (11 if v["seed"] % 2 else 1):
        L.append(Line(wd(rng.randint(10, 20)), "in", "发包及上交收入", f"{YEAR}年度集体林地承包费", f["forest"]))
    if "shops" in f:
        n, rent = f["shops"]
        if v["kind"] == "社区" or m in (1, 4, 7, 10):
            if v["kind"] == "社区":
                L.append(Line(wd(rng.randint(3, 8)), "in", "经营收入", f"集体门面房{m}月租金（{n}间）", n * rent))
            else:
                q = (m - 1) // 3 + 1
                L.append(Line(wd(rng.randint(3, 8)), "in", "经营收入", f"集体门面房第{QUARTER_CN[q]}季度租金（{n}间）", n * rent * 3))
    if "water" in f and m in (1, 4, 7, 10):
        q = (m - 1) // 3   # the quarter just ended
        label = f"{YEAR - 1}年第四季度" if q == 0 else f"第{QUARTER_CN[q]}季度"
        price = 150 if m >= 7 else 100    # 1.50 元/立方米 from 2025-04-01 (村民代表会议决议)
        m3 = f["water"] * rng.randint(230, 280) // 10
        L.append(Line(wd(rng.randint(8, 16)), "in", "经营收入", f"{label}集中供水水费", m3 * price, "cash"))
        L.append(Line(wd(rng.randint(17, 24)), "out", "经营支出", f"{label}供水管护员报酬（{v['ngroups']}人）",
                      yuan(360 * v["ngroups"]), "cash"))
    if "water" in f and m == 8:
        L.append(Line(wd(rng.randint(5, 20)), "out", "经营支出", "供水管网维修材料（管件、阀门）", cents(rng, 800, 2400)))
    if f.get("parking"):
        L.append(Line(wd(rng.randint(26, 30)), "in", "经营收入", f"金桥小区停车场{m}月管理收入", round_yuan(rng, 1100, 1900, 10), "cash"))
    if "greenhouse" in f and m in (3, 9):
        half = "上半年" if m == 3 else "下半年"
        L.append(Line(wd(rng.randint(5, 15)), "in", "发包及上交收入", f"集体蔬菜大棚{half}租赁费", f["greenhouse"] // 2))
    if "tea" in f and m == 4:
        L.append(Line(wd(rng.randint(1, 8)), "in", "发包及上交收入", "集体茶园春茶采摘承包费", f["tea"], "cash"))
    if "walnut" in f and m == 9:
        L.append(Line(wd(rng.randint(15, 25)), "in", "经营收入", "集体核桃园青果销售收入", f["walnut"]))
    if "gongyi" in f and m in (3, 6, 9, 12):
        q = m // 3
        L.append(Line(wd(rng.randint(10, 18)), "in", "补助收入", f"第{QUARTER_CN[q]}季度公益性岗位补贴（{v['cleaners']}人）",
                      f["gongyi"] * 3 * v["cleaners"]))
    if m == (4 if v["seed"] % 2 else 5):
        L.append(Line(wd(rng.randint(10, 25)), "in", "补助收入", f"拨付{YEAR}年度党组织服务群众经费", round_yuan(rng, 20000, 30000, 1000)))
    if m == (6 if v["seed"] % 3 else 8):
        L.append(Line(wd(rng.randint(10, 25)), "in", "补助收入", "人居环境整治以奖代补资金", round_yuan(rng, 5000, 12000, 500)))
    if f.get("fanghuo") and m in (3, 11):
        L.append(Line(wd(rng.randint(10, 20)), "in", "补助收入", "森林防火巡查补助资金", round_yuan(rng, 2000, 4000, 100)))
    for key in ("coop", "herbs", "minsu"):
        if key in f:
            who, amt = f[key]
            months = (7, 12) if key == "minsu" else (12,)
            for mm in months:
                if m == mm:
                    half = "" if len(months) == 1 else ("上半年" if mm == 7 else "下半年")
                    L.append(Line(wd(rng.randint(15, 24)), "in", "投资收益", f"{who}{YEAR}年{half}分红", amt))
    if m == 8 and v["seed"] % 4 == 1:
        L.append(Line(wd(rng.randint(5, 25)), "in", "其他收入", "废旧办公桌椅变卖收入", round_yuan(rng, 180, 460, 10), "cash"))

    # --- expense
    n, w = v["cleaners"], v["wage"]
    L.append(Line(wd(rng.randint(24, 28)), "out", "公益支出", f"{m}月份保洁员工资（{n}人）", n * w))
    base_power = 26000 if v["kind"] == "社区" else 18000
    L.append(Line(wd(rng.randint(8, 16)), "out", "管理费用", "村委会办公电费" if v["kind"] == "村" else "社区服务中心电费",
                  int(base_power * SEASON_POWER[m - 1] * rng.uniform(0.85, 1.15))))
    L.append(Line(wd(rng.randint(18, 22)), "out", "管理费用", "办公宽带及固定电话费", yuan(129 if v["kind"] == "社区" else 99)))
    if rng.random() < 0.5 or m in (1, 9):
        L.append(Line(wd(rng.randint(3, 26)), "out", "管理费用",
                      rng.choice(["办公用品（打印纸、墨盒）", "办公用品", "办公用品（档案盒、笔记本）", "打印机硒鼓及维修"]),
                      cents(rng, 86, 780), "cash"))
    if m in (1, 4, 7, 10) or rng.random() < 0.2:
        L.append(Line(wd(rng.randint(10, 28)), "out", "管理费用", "公开栏资料打印费", round_yuan(rng, 60, 260, 10), "cash"))
    if m == 1:
        k = rng.randint(8, 18)
        each = rng.choice([200, 300])
        L.append(Line(D(y, 1, rng.randint(20, 24)), "out", "公益支出", f"春节走访慰问困难群众（{k}户）", yuan(k * each), "cash"))
    if m in (3, 6, 9, 12):
        L.append(Line(wd(rng.randint(20, 26)), "out", "其他支出", "银行账户管理费及短信服务费", rng.choice([1800, 2400, 3000])))
    dangri = {3, 7, 11} | {int(k.split("-")[1]) for k in v["party_notices"] if k.startswith("zhutidangri-")}
    if m in dangri:
        L.append(Line(wd(rng.randint(5, 25)), "out", "管理费用", f"{m}月主题党日活动经费", round_yuan(rng, 300, 1200, 10), "cash"))
    if m == 6:
        k = rng.randint(4, 9)
        L.append(Line(D(y, 6, rng.randint(25, 30)), "out", "公益支出", f"七一走访慰问老党员、困难党员（{k}人）", yuan(k * 300), "cash"))
    if m == 10:
        k = rng.randint(9, 30)
        L.append(Line(wd(rng.randint(27, 29)), "out", "公益支出", f"重阳节慰问80岁以上老人（{k}人）", yuan(k * 100), "cash"))
    if m == 11:
        L.append(Line(wd(rng.randint(3, 20)), "out", "管理费用", f"{YEAR + 1}年度党报党刊订阅费", cents(rng, 1200, 2600)))
    if m in (3, 6, 9, 12):
        q = m // 3
        L.append(Line(wd(rng.randint(25, 30)), "out", "公益支出", f"第{QUARTER_CN[q]}季度生活垃圾清运费", round_yuan(rng, 1800, 4500, 50)))
    if m == (3 if v["seed"] % 2 else 4) and v["kind"] == "村":
        g = rng.choice(v["groups"])
        L.append(Line(wd(rng.randint(8, 25)), "out", "公益支出", f"{g}水渠清淤用工", round_yuan(rng, 2000, 7800, 100), "cash"))
    if v["kind"] == "村" and m in ((5, 9) if v["seed"] % 2 else (6, 10)):
        g = rng.choice(v["groups"])
        what = rng.choice(["村道塌方修补", "村道坑槽修补", "组道边沟疏通", "涵管更换"])
        L.append(Line(wd(rng.randint(8, 25)), "out", "公益支出", f"{g}{what}", round_yuan(rng, 1500, 9800, 100)))
    if rng.random() < 0.18:
        k = rng.randint(3, 12)
        L.append(Line(wd(rng.randint(3, 27)), "out", "公益支出", f"路灯维修（更换灯头{k}个）", yuan(k * rng.choice([45, 60, 85])), "cash"))
    if m in (5, 6) and v["seed"] % 2 == (m % 2):
        L.append(Line(wd(rng.randint(8, 28)), "out", "公益支出", "防汛物资（编织袋、雨衣、手电筒）", cents(rng, 900, 2800)))
    if f.get("fanghuo") and m in (2, 3, 11, 12):
        k = rng.randint(3, 6)
        L.append(Line(wd(rng.randint(20, 27)), "out", "公益支出", f"{m}月森林防火巡查员补助（{k}人）", yuan(k * 300), "cash"))
    if m in (6, 12):
        half = "上半年" if m == 6 else "下半年"
        L.append(Line(wd(rng.randint(26, 30)), "out", "管理费用", f"{half}村民小组长误工补贴（{len(v['groups'])}人）"
                      if v["kind"] == "村" else f"{half}居民小组长误工补贴（{len(v['groups'])}人）", yuan(600 * len(v["groups"]))))
    if m == 12:
        L.append(Line(wd(rng.randint(22, 29)), "out", "管理费用", "村务监督委员会成员误工补贴（3人）", yuan(3 * 800)))
    if m == 2 and rng.random() < 0.7:
        L.append(Line(wd(rng.randint(10, 26)), "out", "管理费用", "会计账簿及凭证装订用品", cents(rng, 120, 380), "cash"))
    if "pv" in f and m in (4, 10):
        L.append(Line(wd(rng.randint(8, 24)), "out", "经营支出", "光伏电站组件清洗及运维费", round_yuan(rng, 1200, 2600, 50)))
    if "shops" in f and m == 8:
        L.append(Line(wd(rng.randint(8, 24)), "out", "经营支出", "集体门面房屋面漏水维修", round_yuan(rng, 1800, 6200, 100)))
    if f.get("parking"):
        L.append(Line(wd(rng.randint(26, 30)), "out", "经营支出", f"停车场管理员{m}月工资", yuan(1600)))
    if "tea" in f and m in (3, 8):
        L.append(Line(wd(rng.randint(8, 24)), "out", "经营支出", "集体茶园施肥除草用工", round_yuan(rng, 1600, 3800, 100), "cash"))
    if "walnut" in f and m in (3, 7):
        what = "核桃园冬春修剪用工" if m == 3 else "核桃园病虫害防治药剂及用工"
        L.append(Line(wd(rng.randint(8, 24)), "out", "经营支出", what, round_yuan(rng, 1800, 4600, 100)))
    if "greenhouse" in f and m == 10:
        L.append(Line(wd(rng.randint(8, 24)), "out", "经营支出", "蔬菜大棚棚膜更换", round_yuan(rng, 3000, 5800, 100)))
    if "renju" in v["affairs"] and m == 4:   # the spring campaign of the 人居环境 notice (March)
        L.append(Line(wd(rng.randint(8, 24)), "out", "公益支出", "春季人居环境整治清运杂物机械租用费", round_yuan(rng, 1500, 4200, 100)))
    elif "renju" not in v["affairs"] and m == (8 if v["seed"] % 2 else 9):
        L.append(Line(wd(rng.randint(8, 24)), "out", "公益支出", "人居环境整治清运杂物机械租用费", round_yuan(rng, 1500, 4200, 100)))
    if m == 12 and v["seed"] % 3 == 0:
        L.append(Line(wd(rng.randint(8, 20)), "out", "其他支出", f"向{v['zhen']}敬老院捐赠冬季慰问物资", round_yuan(rng, 800, 1600, 100)))
    return L


def build_finance(v):
    rng = random.Random(v["seed"] * 1000 + 1)
    extra = v["extra_lines"]
    cash, bank = v["open_cash"], v["open_bank"]
    months = []
    odd_jobs = [("其他收入", f"{weihui(v)}场地临时租用费", 200, 600, "cash"),
                ("其他收入", "废旧物资变卖收入", 150, 480, "cash"),
                ("补助收入", "镇拨付网格员工作补贴", 1200, 3000, "bank"),
                ("其他收入", "爱心企业捐赠慰问款", 2000, 5000, "bank"),
                ("补助收入", "民兵整组训练误工补助", 600, 1500, "bank"),
                ("发包及上交收入", "收回以前年度承包费尾欠", 800, 3000, "cash")]
    rng.shuffle(odd_jobs)
    odd_jobs = odd_jobs[: rng.randint(2, 5)]
    for m in range(1, 13):
        open_c, open_b = cash, bank
        lines = regular_lines(v, m, rng, open_b) + [ln for ln in extra if ln.date.month == m]
        if not any(ln.io == "in" for ln in lines) and odd_jobs:
            account, summary, lo, hi, method = odd_jobs.pop()
            lines.append(Line(workday_in_month(YEAR, m, rng.randint(5, 25)), "in", account, summary,
                              round_yuan(rng, lo, hi, 50), method))
        # a month with no income at all is written `income: []`
        for ln in lines:
            assert ln.date.year == YEAR and ln.date.month == m, (v["id"], ln.summary, ln.date)
        # voucher order: by date; on one day, income first
        tiebreak = {id(ln): rng.random() for ln in lines}
        lines.sort(key=lambda ln: (ln.date, ln.io != "in", tiebreak[id(ln)]))
        for i, ln in enumerate(lines, 1):
            ln.voucher = f"记-{i:02d}"
        # the cash book, line by line: cash and bank must never go below zero
        for ln in lines:
            if ln.io == "in":
                if ln.method == "cash":
                    cash += ln.fen
                else:
                    bank += ln.fen
            else:
                if ln.method == "cash":
                    if cash < ln.fen:
                        need = ln.fen - cash + 100000
                        w = min(bank, -(-need // 100000) * 100000)   # 提现, whole thousands
                        bank -= w
                        cash += w
                    if cash >= ln.fen:
                        cash -= ln.fen
                        continue
                assert bank >= ln.fen, (v["id"], m, ln.summary, bank, ln.fen)
                bank -= ln.fen
        if cash > 500000:       # 库存现金超限额，存入银行
            dep = (cash - 200000) // 10000 * 10000
            cash -= dep
            bank += dep
        assert cash >= 0 and bank >= 0
        months.append(dict(m=m, open_cash=open_c, open_bank=open_b, lines=lines, close_cash=cash, close_bank=bank))
    v["finance"] = months


def statement_yaml(v, rec):
    rng = random.Random(v["seed"] * 1000 + 100 + rec["m"])
    m = rec["m"]
    ny, nm = (YEAR + 1, 1) if m == 12 else (YEAR, m + 1)
    pub = next_workday(D(ny, nm, 10 + rng.choice([-2, -1, 0, 0, 0, 1])))
    rev = sub_workdays(pub, rng.choice([1, 1, 2]))
    if rev <= month_end(YEAR, m):   # e.g. September: the 国庆 holiday comes before the 10th
        rev = next_workday(days(month_end(YEAR, m), 1))
        pub = max(pub, add_workdays(rev, 1))
    members = rng.sample(v["supervisors"], 2)
    inc = [ln for ln in rec["lines"] if ln.io == "in"]
    exp = [ln for ln in rec["lines"] if ln.io == "out"]
    ti = sum(ln.fen for ln in inc)
    te = sum(ln.fen for ln in exp)
    assert rec["open_cash"] + rec["open_bank"] + ti - te == rec["close_cash"] + rec["close_bank"]
    out = [MARK, f"title: {YEAR}年{m}月村级财务收支公开" if v["kind"] == "村" else f"title: {YEAR}年{m}月社区集体财务收支公开",
           "kind: finance.statement", f"period: {YEAR}-{m:02d}", f"published: {pub}",
           f"reviewed_by: {{ body: 村务监督委员会, members: [{', '.join(members)}], date: {rev} }}"]
    if any(ln.decision for ln in exp):
        out.append("tags: [项目建设]")
    out.append(f"opening: {{ cash: \"{money(rec['open_cash'])}\", bank: \"{money(rec['open_bank'])}\" }}")

    def row(ln):
        s = (f"  - {{ date: {ln.date}, voucher: {ln.voucher}, account: {ln.account}, summary: {ln.summary}, "
             f"amount: \"{money(ln.fen)}\"")
        if ln.decision:
            s += f", decision: {ln.decision}"
        return s + " }"

    out.append("income:" if inc else "income: []    # 本月无收入")
    for ln in inc:
        if ln.comment:
            out.append(f"  # {ln.comment}")
        out.append(row(ln))
    out.append("expense:" if exp else "expense: []")
    for ln in exp:
        if ln.comment:
            out.append(f"  # {ln.comment}")
        out.append(row(ln))
    out.append(f"closing: {{ cash: \"{money(rec['close_cash'])}\", bank: \"{money(rec['close_bank'])}\" }}")
    out.append(f"totals: {{ income: \"{money(ti)}\", expense: \"{money(te)}\" }}")
    rec["published"] = pub
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# writing helpers for Markdown documents

def front(fields):
    """fields: list of 'key: value' lines (already formatted)."""
    return "---\n" + MARK + "\n" + "\n".join(fields) + "\n---\n"


def sign(org, d):
    return f"\n{org}  \n{cn_date(d)}\n"


def md_doc(fields, body):
    return front(fields) + "\n" + body.strip("\n") + "\n"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# projects and other decisions: they make decision documents and finance lines

SLUGS = {"qingquan": "zudao-yinghua", "sancha": "yinshui-guanwang", "liujiaping": "shuiqu-chenqi",
         "xiba": "hedi-hupo", "tangfang": "huodong-changsuo", "maoping": "chanye-lu", "jinqiao": "yuwu-guanwang",
         "shuangmiao": "wenhua-guangchang", "baishuihe": "bianmin-qiao", "dashuping": "taiyangneng-ludeng",
         "huilong": "zhugandao-tuokuan", "xinjie": "rijian-zhaoliao", "yangjiagou": "shantang-jiagu"}

SHORT = {"qingquan": "组道硬化", "sancha": "饮水管网改造", "liujiaping": "水渠衬砌", "xiba": "河堤护坡",
         "tangfang": "活动场所改造", "maoping": "产业路", "jinqiao": "雨污管网改造", "shuangmiao": "文化广场",
         "baishuihe": "便民桥", "dashuping": "太阳能路灯", "huilong": "主干道拓宽", "xinjie": "日间照料中心",
         "yangjiagou": "山塘加固"}

THRESHOLD = yuan(50000)


def reps_allowance(v, s, what):
    who = "居民" if v["kind"] == "社区" else "村民"
    return Line(s["d4"], "out", "管理费用", f"{who}代表会议误工补贴（{what}，{s['pres_r']}人）",
                s["pres_r"] * v["allowance"], "cash")


def setup_project(v):
    rng = random.Random(v["seed"] * 1000 + 2)
    p = v["project"]
    s = decision_steps(v, rng, p["start"])
    pub = s["published"]
    did = f"{pub.year}-{pub.month:02d}-{SLUGS[v['id']]}"
    p["decision_id"], p["steps"] = did, s
    assert pub < p["pays"][0][0], (v["id"], pub)
    paid = sum(a for _, a, _ in p["pays"])
    p["paid"] = paid
    p["retention"] = p["contract"] - paid
    assert p["retention"] >= 0 and p["contract"] <= p["budget"], v["id"]
    gd, gy, gs = p["grant"]
    p["grant_fen"] = yuan(gy)
    lines = [Line(gd, "in", "补助收入", gs, yuan(gy), comment=f"{p['source']}")]
    for i, (d, a, summ) in enumerate(p["pays"]):
        need = a > THRESHOLD
        link = need or v.get("small_pay_decision")
        comment = None
        if need and i == 0:
            comment = f"大额支出，依据{cn_date(s['d4'])}{v['folk']}代表会议决议"
        elif link and not need:
            comment = "尾款未超过五万元，仍注明所依据的决议，便于对照"
        lines.append(Line(d, "out", "公益支出", summ, a, decision=did if link else None, comment=comment))
    lines.append(reps_allowance(v, s, SHORT[v["id"]]))
    v["extra_lines"].extend(lines)
    budget = f"{p['budget'] // 100:,}"
    matter = f"{p['name']}（预算 {budget} 元）"
    resolution = (f"同意实施{p['name']}，建设内容为{p['content']}；资金由{p['source']}解决{wan(p['grant_fen'])}，"
                  f"不足部分由村集体经济收入列支。工程按规定比选确定施工单位，村务监督委员会全程监督。")
    if v["kind"] == "社区":
        resolution = resolution.replace("村集体经济收入", "社区集体收入")
    result = None
    if p["show_result"]:
        result = (f"工程已于 {p['completed']} 完工，经{v['gov']}组织验收合格。合同价 {money(p['contract'])} 元，"
                  f"已支付 {money(paid)} 元，留质保金 {money(p['retention'])} 元，质保期满后支付。")
    title = f"关于{p['name']}的决议公开"
    v["docs"][f"affairs/{did}.yaml"] = decision_yaml(title, pub, matter, s, resolution, result, tags=["项目建设", "四议两公开"])
    v["decisions"].append(did)


def jidongdi_lots(v, rng):
    lots = []
    for i in range(rng.randint(5, 7)):
        g = rng.choice(v["groups"])
        place = rng.choice(["河坝地", "坡顶地", "堰塘边", "老学校旁", "大田坝", "沟口地", "水井湾"])
        area = rng.randint(18, 95)   # 0.1 亩
        price = rng.choice([350, 380, 400, 420, 450, 480])
        fee = area * price * 10   # fen: area/10 亩 × price 元
        lots.append(dict(no=f"J{i + 1:02d}", place=g + place, area=area, price=price, fee=fee,
                         who=v["names"].name("男" if rng.random() < 0.8 else "女")))
    return lots


def setup_extra_decision(v):
    kind = v.get("extra_decision")
    if not kind:
        return
    rng = random.Random(v["seed"] * 1000 + 3)
    if kind == "shuifei":
        s = decision_steps(v, rng, D(2025, 2, 17))
        did = f"{s['published']:%Y-%m}-shuifei-biaozhun"
        text = decision_yaml(
            "关于调整村级集中供水水费收取标准的决议公开", s["published"],
            "调整村级集中供水水费收取标准（每立方米由 1.00 元调整为 1.50 元）", s,
            "同意自 2025 年 4 月 1 日起，村级集中供水水费按每立方米 1.50 元收取，低保户、特困供养户每户每月减免 3 立方米。"
            "水费收入专款用于供水设施维修和管护员报酬，每季度公开收支情况。",
            "新标准已于 2025 年 4 月 1 日起执行，第二季度水费收支已在财务公开中列示。", tags=["供水"])
        v["shuifei"] = dict(id=did, s=s)
    elif kind == "jidongdi":
        s = decision_steps(v, rng, D(2025, 10, 9))
        did = f"{s['published']:%Y-%m}-jidongdi-fabao-fangan"
        lots = jidongdi_lots(v, rng)
        total_area = sum(x["area"] for x in lots)
        text = decision_yaml(
            "关于集体机动地公开发包方案的决议公开", s["published"],
            f"集体机动地公开发包方案（{len(lots)}宗，共 {total_area / 10:.1f} 亩）", s,
            "同意将本村集体机动地以公开竞价方式对外发包，发包期限五年（2025 年 12 月 1 日至 2030 年 11 月 30 日），"
            "底价每亩每年 350 元，本村村民同等条件下优先；承包费按年收取，首年承包费在签订合同时一次交清。",
            f"已于 {add_workdays(s['published'], 12)} 在村委会组织公开竞价，{len(lots)} 宗全部发包，结果已另行公示。",
            tags=["三资管理"])
        sign_day = add_workdays(s["published"], 12)
        v["jidongdi"] = dict(id=did, s=s, lots=lots, bid_day=sign_day)
        pay_day = workday_in_month(YEAR, 12, rng.randint(2, 10))
        v["extra_lines"].append(Line(pay_day, "in", "发包及上交收入", f"集体机动地首年承包费（{len(lots)}宗）",
                                     sum(x["fee"] for x in lots)))
    elif kind == "shouyi":
        s = decision_steps(v, rng, D(2025, 12, 1))
        did = f"{s['published']:%Y-%m}-shouyi-fenpei-fangan"
        text = decision_yaml(
            f"关于{YEAR}年度村集体经济收益分配方案的决议公开", s["published"],
            f"{YEAR}年度村集体经济收益分配方案", s,
            "同意按“提取公积公益金 30%、福利费 10%、成员分红 60%”的比例分配本年度可分配收益，"
            "成员分红按集体经济组织成员人数平均分配，方案公示期满无异议后于春节前兑现。",
            None, tags=["收益分配"])
        v["shouyi_decision"] = dict(id=did, s=s)
    else:
        raise ValueError(kind)
    v["docs"][f"affairs/{did}.yaml"] = text
    v["decisions"].append(did)
    v["extra_lines"].append(reps_allowance(v, s, {"shuifei": "水费标准", "jidongdi": "机动地发包", "shouyi": "收益分配"}[kind]))


# ---------------------------------------------------------------------------------------------
# finance notices (Markdown)

def sums_by_account(lines):
    out = {}
    for ln in lines:
        out[(ln.io, ln.account)] = out.get((ln.io, ln.account), 0) + ln.fen
    return out


def fin_review(v, rng, pub):
    rev = sub_workdays(pub, rng.choice([1, 2]))
    mem = rng.sample(v["supervisors"], 2)
    return f"reviewed_by: {{ body: 村务监督委员会, members: [{', '.join(mem)}], date: {rev} }}"


def fin_notice(v):
    rng = random.Random(v["seed"] * 1000 + 4)
    fin = v["finance"]
    if v["fin_notice"] == "banian":
        pub = next_workday(D(2025, 7, rng.randint(14, 18)))
        months = fin[:6]
        lines = [ln for r in months for ln in r["lines"]]
        sums = sums_by_account(lines)
        ti = sum(ln.fen for ln in lines if ln.io == "in")
        te = sum(ln.fen for ln in lines if ln.io == "out")
        o = months[0]["open_cash"] + months[0]["open_bank"]
        c = months[-1]["close_cash"] + months[-1]["close_bank"]
        assert o + ti - te == c
        inc_rows = [(a, money(sums[("in", a)])) for a in INCOME_ACCOUNTS if ("in", a) in sums]
        exp_rows = [(a, money(sums[("out", a)])) for a in EXPENSE_ACCOUNTS if ("out", a) in sums]
        big = [ln for ln in lines if ln.io == "out" and ln.fen > THRESHOLD]
        body = [f"根据《农村集体经济组织财务公开规定》，现将本{'社区' if v['kind'] == '社区' else '村'}{YEAR}年上半年"
                "（1月1日至6月30日）集体财务收支情况汇总公开如下，每月明细见各月财务收支公开。", "",
                "## 一、资金总体情况", "",
                table(["项目", "金额（元）"], [
                    ("年初货币资金余额", money(o)), ("上半年收入合计", money(ti)), ("上半年支出合计", money(te)),
                    ("6月末货币资金余额", money(c)),
                    ("　其中：库存现金", money(months[-1]["close_cash"])), ("　　　　银行存款", money(months[-1]["close_bank"]))]),
                "", "## 二、收入按科目汇总", "", table(["科目", "金额（元）"], inc_rows + [("合计", money(ti))]),
                "", "## 三、支出按科目汇总", "", table(["科目", "金额（元）"], exp_rows + [("合计", money(te))]), ""]
        if big:
            body += ["## 四、大额支出说明", ""]
            for ln in big:
                body.append(f"- {md(ln.date)}，{ln.summary} {money(ln.fen)} 元（凭证{ln.voucher}），"
                            "已经“四议两公开”程序决议，决议内容见村务公开栏。")
            body.append("")
        else:
            body += ["## 四、大额支出说明", "", "上半年无单笔超过 5 万元的支出。", ""]
        body += [f"以上数据已经村务监督委员会审核。对公开内容有疑问的，请在公开之日起15日内向村务监督委员会或"
                 f"村报账员{v['accountant']}反映，联系电话：{v['phone']}。", sign(v["committee"], pub)]
        fields = [f"title: {YEAR}年上半年集体财务收支情况汇总公开", "kind: finance.notice", f"published: {pub}",
                  "period: { start: 2025-01-01, end: 2025-06-30 }", fin_review(v, rng, pub), "tags: [财务汇总]"]
        v["docs"][f"finance/{YEAR}-h1-shouzhi-huizong.md"] = md_doc(fields, "\n".join(body))
    else:
        pub = next_workday(D(2026, 1, rng.randint(12, 14)))
        last = fin[-1]
        f = v["feat"]
        assets = []
        office = "社区服务中心" if v["kind"] == "社区" else "村委会办公用房"
        assets.append((office, f"{rng.randint(16, 42) * 10}平方米", money(yuan(rng.randint(28, 96) * 10000)), "自用"))
        if "pv" in f:
            assets.append(("村级光伏电站", f"{rng.choice([60, 80, 100, 120])}千瓦", money(yuan(rng.randint(40, 80) * 10000)),
                           "并网发电，收益归村集体"))
        if "pond" in f:
            assets.append(("集体鱼塘", f"{rng.randint(8, 30) / 2:.1f}亩", "—", f"承包经营，年承包费{money(f['pond'])}元"))
        if "forest" in f:
            assets.append(("集体林地", f"{rng.randint(120, 900)}亩", "—", f"承包经营，年承包费{money(f['forest'])}元"))
        if "shops" in f:
            n, rent = f["shops"]
            assets.append(("集体门面房", f"{n}间", money(yuan(n * rng.randint(6, 12) * 10000)), f"出租，月租金每间{money(rent)}元"))
        if "walnut" in f:
            assets.append(("集体核桃园", f"{rng.randint(60, 140)}亩", "—", "集体经营"))
        for key in ("coop", "herbs", "minsu"):
            if key in f:
                who = f[key][0].replace("村集体入股", "")
                assets.append((f"对{who}投资", "—", money(yuan(rng.randint(10, 30) * 10000)), "按股分红"))
        if v.get("jidongdi"):
            lots = v["jidongdi"]["lots"]
            assets.append(("集体机动地", f"{sum(x['area'] for x in lots) / 10:.1f}亩", "—", f"{len(lots)}宗已公开发包"))
        p = v["project"]
        assets.append((p["name"].replace("工程", "") + "形成的资产", "—", money(p["contract"]), "已移交使用"))
        debts = []
        if p["retention"] > 0:
            debts.append(("应付款", f"{p['contractor']}（{p['name']}质保金）", money(p["retention"]),
                          "质保期满验收后支付"))
        if rng.random() < 0.6:
            debts.append(("应收款", f"{v['names'].name()}（{rng.choice(['鱼塘', '林地', '门面房', '场地'])}承包费尾欠）",
                          money(yuan(rng.randint(4, 30) * 100)), "已签订还款承诺"))
        body = [f"根据《农村集体经济组织财务公开规定》，经村务监督委员会审核，现将截至{YEAR}年12月31日"
                f"本{'社区' if v['kind'] == '社区' else '村'}集体资产、资源及债权债务情况公开如下。", "",
                "## 一、货币资金", "",
                table(["项目", "金额（元）"], [("库存现金", money(last["close_cash"])), ("银行存款", money(last["close_bank"])),
                                          ("合计", money(last["close_cash"] + last["close_bank"]))]),
                "", "## 二、主要资产资源", "", table(["名称", "数量/面积", "账面价值（元）", "经营使用情况"], assets), "",
                "## 三、债权债务", ""]
        if debts:
            body += [table(["类别", "对象及事由", "金额（元）", "说明"], debts), ""]
        else:
            body += ["截至年末，无债权债务。", ""]
        body += [f"资产台账存放于{weihui(v)}，群众可在工作日到{weihui(v)}查阅。", sign(v["committee"], pub)]
        fields = [f"title: {YEAR}年度集体资产资源及债权债务情况公开", "kind: finance.notice", f"published: {pub}",
                  f"period: {YEAR}", fin_review(v, rng, pub), "tags: [三资管理]"]
        v["docs"][f"finance/{YEAR}-zichan-ziyuan.md"] = md_doc(fields, "\n".join(body))


# ---------------------------------------------------------------------------------------------
# affairs notices (Markdown), one function per kind of notice

def place_word(v):
    return "社区" if v["kind"] == "社区" else "村"


def weihui(v):
    return "社区居委会" if v["kind"] == "社区" else "村委会"


def an_renju(v, rng):
    pub = next_workday(D(2025, 3, rng.randint(3, 12)))
    start = add_workdays(pub, 3)
    d1 = days(start, 14)
    d2 = days(start, 20)
    g1, g2 = rng.sample(v["groups"], 2)
    extra = rng.choice([
        f"{g1}河道两岸和{g2}公路沿线是这次整治的重点，请沿线农户主动配合。",
        f"去年检查中{g1}、{g2}问题较多，今年请两个组的组长带头，先把公共区域整治到位。",
        f"{g1}新修的组道两侧不得堆放柴草、建材，已堆放的请在{md(d1)}前自行清理。",
    ])
    body = f"""
各组{v['folk']}：

为进一步改善{place_word(v)}容{place_word(v)}貌，按照{v['dangwei']}、{v['gov']}统一安排，经{place_word(v)}“两委”研究，决定于{md(start)}至{md(d2)}在全{place_word(v)}开展春季人居环境集中整治。现将有关事项通知如下：

## 一、整治内容

1. 清理房前屋后的柴草、杂物和建筑垃圾，做到堆放整齐；
2. 清理沟渠、河道内的垃圾和漂浮物；
3. 拆除废弃的猪圈、旱厕等破旧附属设施（须经户主同意）；
4. 家禽实行圈养，不得散放上路。

{extra}

## 二、时间安排

- {md(start)}前：各组组长召开组会，把通知宣传到每一户；
- {md(start)}至{md(d1)}：各户自行清理，保洁员负责公共区域；
- {md(d2)}：{place_word(v)}“两委”会同村务监督委员会逐组检查评比。

## 三、有关要求

检查评比结果在公开栏公布，评为“清洁庭院”的农户每户奖励洗衣粉、扫帚等物资一份。整治中清运杂物需要机械的，由{weihui(v)}统一调度，费用在集体经费中列支，并在当月财务公开中列明。

联系人：{v['vice']}，联系电话：{v['phone']}
{sign(v['committee'], pub)}"""
    fields = ["title: 关于开展春季人居环境集中整治的通知", "kind: affairs.notice", f"published: {pub}", "tags: [人居环境]"]
    v["docs"][f"affairs/{pub:%Y-%m}-renju-zhengzhi.md"] = md_doc(fields, body)


def an_shouyi(v, rng):
    lines = [ln for r in v["finance"] for ln in r["lines"]]
    s = sums_by_account(lines)
    revenue = s.get(("in", "经营收入"), 0) + s.get(("in", "发包及上交收入"), 0) + s.get(("in", "投资收益"), 0)
    cost = s.get(("out", "经营支出"), 0)
    what = []
    for ln in lines:
        if ln.io == "out" and ln.account == "经营支出":
            for key, label in (("光伏", "光伏电站运维"), ("门面房", "门面房维修"), ("核桃", "核桃园管护"), ("茶园", "茶园管护"),
                               ("供水", "供水管护及维修"), ("停车场", "停车场管理员工资"), ("大棚", "大棚棚膜更换")):
                if key in ln.summary and label not in what:
                    what.append(label)
    what_text = "、".join(what) if what else "本年无经营支出"
    z = revenue - cost
    assert z > 0, (v["id"], revenue, cost)
    n = v["pop"]
    div_target = z * 60 // 100
    per = div_target // n
    div = per * n
    welfare = z * 10 // 100
    reserve = z - welfare - div
    dec = v.get("shouyi_decision")
    if dec:
        pub = next_workday(D(2026, 1, rng.randint(5, 7)))
        basis = (f"本方案已经{cn_date(dec['s']['d4'])}{'居民' if v['kind'] == '社区' else '村民'}代表会议表决通过"
                 f"（应到{dec['s']['exp_r']}人，实到{dec['s']['pres_r']}人，同意{dec['s']['agree']}人），现予公示。")
    else:
        pub = next_workday(D(2026, 1, rng.randint(5, 9)))
        basis = f"本方案由{place_word(v)}“两委”研究提出，公示期满无异议后，提交{'居民' if v['kind'] == '社区' else '村民'}代表会议表决。"
    tail = rng.choice([
        "分红资金将于春节前通过“一卡通”发放到户，不发放现金。",
        "分红资金将于腊月二十前统一打入各户“一卡通”账户，请留意查收。",
        "分红兑现时由各组组长逐户核对人数，外出人员可委托家属代领。",
    ])
    body = f"""
全体集体经济组织成员：

{YEAR}年，本{place_word(v)}集体经济经营性收入{money(revenue)}元，扣除经营支出{money(cost)}元，可分配收益{money(z)}元。根据{'社区股份经济合作社' if v['kind'] == '社区' else '村股份经济合作社'}章程，拟订收益分配方案如下：

{table(["项目", "金额（元）", "说明"], [
        ("经营性收入", money(revenue), "经营收入、发包及上交收入、投资收益合计"),
        ("减：经营支出", money(cost), what_text),
        ("可分配收益", money(z), ""),
        ("提取公积公益金", money(reserve), "约占30%，用于公益事业和发展生产"),
        ("提取福利费", money(welfare), "10%，用于慰问困难群众、高龄老人"),
        ("成员分红", money(div), f"60%，按成员{n:,}人平均，每人{money(per)}元"),
    ])}

{basis}公示期为{YEAR + 1}年{pub.month}月{pub.day}日起7天，成员对方案有意见的，请向村务监督委员会{v['supervisors'][0]}反映，联系电话：{v['phone']}。

{tail}
{sign(v['committee'], pub)}"""
    fields = [f"title: {YEAR}年度集体经济收益分配方案公示", "kind: affairs.notice", f"published: {pub}",
              f"posting_until: {add_workdays(pub, 7)}", "tags: [收益分配]"]
    v["docs"][f"affairs/{YEAR + 1}-01-shouyi-fenpei.md"] = md_doc(fields, body)


def an_fanghuo(v, rng):
    autumn = v["seed"] % 2 == 1
    pub = next_workday(D(2025, 10, rng.randint(13, 20))) if autumn else next_workday(D(2025, 2, rng.randint(10, 17)))
    season = "秋冬季" if autumn else "春季"
    period = f"{YEAR}年10月15日至{YEAR + 1}年5月31日" if autumn else f"即日起至{YEAR}年5月31日"
    rows = [(g, v["leaders"][g] if i % 2 == 0 else v["names"].name("男"), rng.choice(["后山林区", "沟口至垭口", "水库周边", "组道沿线山林", "坟山片区"]))
            for i, g in enumerate(v["groups"])]
    body = f"""
全体{v['folk']}、在本{place_word(v)}从事生产经营的单位和个人：

{season}是森林火灾高发期。为保护森林资源和群众生命财产安全，根据《森林防火条例》和县森林防灭火指挥部的要求，现将有关事项通告如下：

一、防火期为{period}。防火期内，林区及距林缘100米范围内严禁一切野外用火，包括烧荒、烧田埂、烧秸秆、上坟烧纸、燃放烟花爆竹。

二、提倡文明祭扫，以鲜花、植树等方式代替烧纸焚香。

三、进山人员不得携带火种，护林员在各路口登记检查，请大家理解配合。

四、发现火情立即拨打 12119 森林火警电话，或报告{weihui(v)}（{v['phone']}）。

五、违反规定野外用火的，由林业主管部门依法处罚；引发森林火灾的，依法追究责任。

## 各组护林员及巡查片区

{table(["组别", "护林员", "巡查片区"], rows)}
{sign(v['committee'], pub)}"""
    fields = [f"title: 关于做好{season}森林防火工作的通告", "kind: affairs.notice", f"published: {pub}", "tags: [森林防火]"]
    v["docs"][f"affairs/{pub:%Y-%m}-senlin-fanghuo.md"] = md_doc(fields, body)


def an_yibao(v, rng):
    pub = next_workday(D(2025, 9, rng.randint(10, 22)))
    who = v["clerk"]
    body = f"""
各位{v['folk']}：

{YEAR + 1}年度城乡居民基本医疗保险集中征缴工作已经开始，现将有关事项通知如下：

1. **缴费时间**：即日起至{YEAR}年12月31日。集中征缴期结束后再参保的，享受待遇会有等待期，请尽量按时缴费。
2. **缴费标准**：个人缴费标准以县医疗保障局公布的为准（{YEAR}年度为每人400元）。低保对象、特困人员等困难群众的个人缴费按政策给予资助，由{weihui(v)}统一核对，本人无需垫付。
3. **缴费方式**：可以用手机银行、微信或支付宝中的税务缴费小程序自助缴纳，也可以持户口簿到{place_word(v)}便民服务室由工作人员协助缴纳。
4. **外出务工人员**：已在务工地参加职工医保的，不要重复参保；在外地参加居民医保的，请告诉本组组长，便于核对。

{weihui(v)}工作人员和组长只协助大家核对信息，**不代收现金**，也不会要求大家提供银行卡密码、验证码，谨防诈骗。

咨询：{who}，电话：{v['phone']}（工作日上午8:30—12:00，下午2:30—6:00）
{sign(v['committee'], pub)}"""
    fields = [f"title: 关于做好{YEAR + 1}年度城乡居民医疗保险缴费的通知", "kind: affairs.notice", f"published: {pub}", "tags: [医疗保障]"]
    v["docs"][f"affairs/{pub:%Y-%m}-yibao-jiaofei.md"] = md_doc(fields, body)


def an_jidongdi(v, rng):
    j = v["jidongdi"]
    pub = add_workdays(j["bid_day"], rng.randint(1, 3))
    rows = [(x["no"], x["place"], f"{x['area'] / 10:.1f}", x["who"], f"{x['price']}", money(x["fee"])) for x in j["lots"]]
    total = sum(x["fee"] for x in j["lots"])
    area = sum(x["area"] for x in j["lots"]) / 10
    body = f"""
根据{cn_date(j['s']['d4'])}村民代表会议通过的《集体机动地公开发包方案》（决议已于{cn_date(j['s']['published'])}公开），本村于{cn_date(j['bid_day'])}在村委会会议室对集体机动地进行了公开竞价发包，{v['zhen']}农村经济经营管理站派员现场监督。现将结果公示如下：

{table(["编号", "地块位置", "面积（亩）", "承包人", "每亩年承包费（元）", "首年承包费（元）"], rows)}

共{len(j['lots'])}宗、{area:.1f}亩，首年承包费合计{money(total)}元，由承包人在签订合同时一次交清，收入列入{YEAR}年12月村级财务公开。

承包期为2025年12月1日至2030年11月30日。承包人须按合同约定用途耕种，不得撂荒，不得改变土地用途，不得转包给外村人员。

公示期7天。对发包程序和结果有异议的，请向村务监督委员会反映，电话：{v['phone']}。
{sign(v['committee'], pub)}"""
    fields = ["title: 集体机动地公开发包结果公示", "kind: affairs.notice", f"published: {pub}",
              f"posting_until: {add_workdays(pub, 7)}", "tags: [三资管理]"]
    v["docs"][f"affairs/{pub:%Y-%m}-jidongdi-fabao-jieguo.md"] = md_doc(fields, body)


def an_fangxun(v, rng):
    pub = next_workday(D(2025, 5, rng.randint(19, 28)))
    cadres = [v["secretary"], v["vice"], v["clerk"], v["women"], v["accountant"]]
    rows = []
    for i, (a, b) in enumerate([("6月1日", "6月30日"), ("7月1日", "7月31日"), ("8月1日", "8月31日"), ("9月1日", "9月30日")]):
        rows.append((f"{a}—{b}", cadres[i % 5], cadres[(i + 2) % 5]))
    g1, g2 = rng.sample(v["groups"], 2)
    safe = rng.choice(["村委会院内", "村小学教学楼", "村文化活动室"])
    body = f"""
各组{v['folk']}：

今年6月1日至9月30日为主汛期。为做好防汛工作，确保群众生命财产安全，现就有关事项通知如下：

一、**重点区域**。{g1}河边住户、{g2}后山坡脚住户为本{place_word(v)}地质灾害和山洪危险区，请相关农户留意{place_word(v)}里发布的预警信息，遇强降雨时听从安排转移。

二、**转移路线和安置点**。危险区群众沿组道向地势较高处转移，统一安置在{safe}。老人、小孩和行动不便的群众由各组组长和网格员负责联系到人。

三、**不得冒险**。暴雨期间不要下河捕鱼、游泳，不要在河边、沟边停留，不要驾车冒险通过过水路面和漫水桥。

四、**值班安排**。汛期实行24小时值班，值班电话：{v['phone']}。

{table(["时间", "带班领导", "值班人员"], rows)}

五、防汛物资（编织袋、雨衣、手电筒、铁锹）存放在{weihui(v)}库房，由{v['clerk']}负责登记管理，购置费用在当月财务公开中列明。
{sign(v['committee'], pub)}"""
    fields = [f"title: 关于做好{YEAR}年汛期安全防范工作的通知", "kind: affairs.notice", f"published: {pub}", "tags: [防汛]"]
    v["docs"][f"affairs/{pub:%Y-%m}-fangxun-anpai.md"] = md_doc(fields, body)


def an_cunguimingyue(v, rng):
    pub = next_workday(D(2025, rng.choice([4, 8]), rng.randint(4, 14)))
    end = add_workdays(pub, 15)
    clauses = [
        "红白喜事简办，婚事酒席不超过20桌，丧事不搞铺张，除直系亲属外不随大礼；",
        "爱护公共设施，损坏路灯、健身器材、供水管网的，照价赔偿；",
        "不在村道上晾晒粮食、堆放柴草，不在河道内倾倒垃圾；",
        "孝敬老人，子女每年至少回家看望老人两次，外出务工人员定期电话问候；",
        "邻里有矛盾先找组长和调解委员会调解，不得聚众闹事；",
        "家禽家畜圈养，因散养造成他人损失的由主人赔偿；",
        "每年评选“好媳妇”“好婆婆”“最美家庭”，结果在公开栏张榜。",
    ]
    chosen = rng.sample(clauses, 5)
    body = "\n".join([
        f"各位{v['folk']}：", "",
        f"本{place_word(v)}现行村规民约制定于2019年，部分条款已经不适应现在的情况。{place_word(v)}“两委”在走访群众、"
        "召开组会的基础上起草了修订稿，主要修改内容如下：", "",
        *[f"{i}. {c.rstrip('；。')}{'。' if i == len(chosen) else '；'}" for i, c in enumerate(chosen, 1)], "",
        f"征求意见时间：{cn_date(pub)}至{cn_date(end)}。", "",
        f"大家可以把意见写在纸上投到{weihui(v)}门口的意见箱，也可以告诉本组组长，或者打电话{v['phone']}。"
        f"收集的意见经“两委”整理后提交村民代表会议讨论，表决通过后报{v['gov']}备案。", "",
        "修订稿全文张贴在各组公开栏，欢迎大家提意见。",
        sign(v["committee"], pub)])
    fields = ["title: 关于修订村规民约征求意见的公告", "kind: affairs.notice", f"published: {pub}",
              f"posting_until: {end}", "tags: [村规民约]"]
    v["docs"][f"affairs/{pub:%Y-%m}-cunguimingyue-zhengqiu.md"] = md_doc(fields, body)


def an_xiangmuku(v, rng):
    pub = next_workday(D(2025, 11, rng.randint(3, 12)))
    end = add_workdays(pub, 10)
    kinds = ["产业发展类：种养殖基地、农产品加工、仓储冷链等；",
             "基础设施类：组道、产业路、便民桥、水渠、安全饮水等；",
             "公共服务类：文化活动场所、日间照料、路灯、垃圾收集点等；",
             "就业帮扶类：公益性岗位、技能培训等。"]
    body = f"""
各组{v['folk']}：

按照{v['gov']}关于做好{YEAR + 1}年度巩固拓展脱贫攻坚成果和乡村振兴项目库建设的安排，现面向全{place_word(v)}征集{YEAR + 1}年度项目建议。

## 征集范围

{chr(10).join("- " + k for k in kinds)}

## 报送方式

请以组为单位召开组会讨论，由组长填写《项目建议表》（在{weihui(v)}领取），写明项目名称、地点、建设内容、受益户数和大概投资，于{cn_date(end)}前交到{weihui(v)}。个人也可以直接向{place_word(v)}“两委”提出。

收集的项目经{place_word(v)}“两委”初审、村民代表会议评议后，按程序报{v['gov']}审核入库。入库项目和排序结果将另行公示。

联系人：{v['clerk']}，电话：{v['phone']}
{sign(v['committee'], pub)}"""
    fields = [f"title: 关于征集{YEAR + 1}年度村级项目库项目的公告", "kind: affairs.notice", f"published: {pub}",
              f"posting_until: {end}", "tags: [项目建设]"]
    v["docs"][f"affairs/{pub:%Y-%m}-xiangmuku-zhengji.md"] = md_doc(fields, body)


def an_html(v, rng):
    pub = next_workday(D(2025, 2, 17))
    body = f"""
各位居民：

从{YEAR}年起，本社区的财务、居务、党务公开，除了继续张贴在社区服务中心门口和各小区的公开栏外，同步发布到“示例县阳光三务公开”网站。公开栏上的每一份公示都印有二维码，用手机扫码就能看到网上的同一份内容，以及它是什么时候发布、后来有没有更正。

网上公开的内容和公开栏一致。如发现两者不一致，以社区审核签字的纸质件为准，并请告诉我们，以便及时更正。

说明：网站会把正文中的网页代码原样显示出来，而不会执行它，例如 <script>alert(1)</script> 这样的脚本不会运行，<b>加粗</b> 这样的标签也只会按原样显示成文字。居民用手机浏览时不必担心。

网上公开的名单只写姓名、所在小组和金额，不公布身份证号、银行卡号、手机号码等个人信息。居民发现公示中有不应公开的个人信息，请立即联系社区，电话：{v['phone']}。
{sign(v['committee'], pub)}"""
    fields = ["title: 关于社区三务公开同步上网的说明", "kind: affairs.notice", f"published: {pub}", "tags: [公开说明]"]
    v["docs"][f"affairs/{pub:%Y-%m}-sanwu-shangwang-shuoming.md"] = md_doc(fields, body)


def an_fangwu(v, rng):
    pub = next_workday(D(2025, rng.choice([6, 7]), rng.randint(2, 16)))
    end = days(pub, 30)
    what = "自建房和老旧小区楼栋" if v["kind"] == "社区" else "农村自建房"
    body = f"""
各位{v['folk']}：

为防范房屋安全事故，按照县住建局和{v['town_short']}的统一部署，{weihui(v)}将于{md(pub)}至{md(end)}开展{what}安全隐患排查，现将有关事项通知如下：

1. 排查对象：本{place_word(v)}范围内所有用作经营的自建房、三层及以上自建房、建成二十年以上的老房，以及{'楼道、屋面、外墙有明显裂缝或渗漏的楼栋' if v['kind'] == '社区' else '依山靠坡、临河临崖的住房'}。
2. 排查方式：由{place_word(v)}“两委”成员、网格员和{v['zhen']}技术人员组成排查组，逐户查看房屋结构、墙体裂缝、屋面漏雨和用电情况，请住户在家配合。
3. 排查发现有安全隐患的，排查组当场告知，并按“一户一策”登记整改；存在严重隐患的，及时组织人员撤离。
4. 排查不收任何费用。排查人员统一佩戴工作牌，住户有疑问可打{weihui(v)}电话核实：{v['phone']}。

请大家自查自家房屋，发现墙体开裂、地基下沉、屋面漏雨等情况，主动向{weihui(v)}报告。
{sign(v['committee'], pub)}"""
    fields = [f"title: 关于开展{what}安全隐患排查的通知", "kind: affairs.notice", f"published: {pub}", "tags: [房屋安全]"]
    v["docs"][f"affairs/{pub:%Y-%m}-fangwu-paicha.md"] = md_doc(fields, body)


def an_daibiao(v, rng):
    s = v["project"]["steps"]
    meet = s["d4"]
    pub = sub_workdays(meet, 3)
    body = f"""
各位村民代表：

经村“两委”研究，定于{cn_date(meet)}（星期{'一二三四五六日'[meet.weekday()]}）上午9时在村委会二楼会议室召开村民代表会议。

## 会议议程

1. 听取村“两委”关于{v['project']['name']}实施方案的说明（党员大会已于{cn_date(s['d3'])}审议通过）；
2. 对{v['project']['name']}实施方案进行表决；
3. 通报{YEAR}年上半年村级财务收支情况；
4. 其他事项。

请各位代表准时参会，不能参会的请提前向本组组长请假。会议表决结果将在会后公开。

村务监督委员会成员列席会议。
{sign(v['committee'], pub)}"""
    fields = ["title: 关于召开村民代表会议的通知", "kind: affairs.notice", f"published: {pub}"]
    v["docs"][f"affairs/{pub:%Y-%m}-daibiao-huiyi.md"] = md_doc(fields, body)


def an_jiegan(v, rng):
    autumn = v["seed"] % 2 == 0
    pub = next_workday(D(2025, 9, rng.randint(15, 24))) if autumn else next_workday(D(2025, 5, rng.randint(12, 20)))
    crop = "玉米、水稻秸秆" if autumn else "油菜、小麦秸秆"
    body = f"""
各位{v['folk']}：

{'秋收' if autumn else '夏收'}将至，为防止焚烧秸秆污染空气、引发火灾，现通知如下：

1. 本{place_word(v)}范围内全面禁止露天焚烧{crop}、田埂杂草和农业废弃物，违者由{v['town_name']}综合执法办公室依法处理。
2. 提倡秸秆还田、打捆离田和堆沤还田，需要秸秆粉碎机械的，可向{weihui(v)}登记，统一联系农机合作社作业。
3. 各组组长负责本组的巡查和宣传，发现焚烧的要当场制止并报告{weihui(v)}。
4. 对秸秆综合利用做得好的组，年底在人居环境评比中给予加分。

举报电话：{v['phone']}
{sign(v['committee'], pub)}"""
    fields = ["title: 关于严禁露天焚烧秸秆的通知", "kind: affairs.notice", f"published: {pub}", "tags: [人居环境]"]
    v["docs"][f"affairs/{pub:%Y-%m}-jiegan-jinshao.md"] = md_doc(fields, body)


def an_yinshui(v, rng):
    pub = next_workday(D(2025, 12, rng.randint(1, 8)))
    keeper = v["names"].name("男")
    body = f"""
各位{v['folk']}：

入冬以后气温下降，夜间最低气温可能降到零下，供水管网容易冻裂。为保证冬季正常供水，请大家做好以下几点：

- 裸露在外的水管、水表要用旧棉絮、稻草或保温棉包扎好；
- 外出务工、长期不在家的农户，请关闭入户阀门，放空管内存水；
- 发现管道漏水、冻裂，请及时告诉供水管护员{keeper}或{weihui(v)}，不要自行私接乱改；
- 蓄水池周边严禁放牧、堆放杂物，保护好水源。

因管网抢修需要临时停水的，{weihui(v)}将提前在微信群和公开栏通知。

联系电话：{v['phone']}
{sign(v['committee'], pub)}"""
    fields = ["title: 关于做好冬季供水管网防冻工作的通知", "kind: affairs.notice", f"published: {pub}", "tags: [饮水安全]"]
    v["docs"][f"affairs/{pub:%Y-%m}-dongji-gongshui.md"] = md_doc(fields, body)


def an_yanshou(v, rng):
    p = v["project"]
    if not p["show_result"]:
        return
    pub = add_workdays(p["completed"], rng.randint(2, 5))
    s = p["steps"]
    self_funded = p["contract"] - p["grant_fen"] if p["contract"] > p["grant_fen"] else 0
    rows = [("项目名称", p["name"]), ("建设地点", p["place"]), ("建设内容", p["content"]),
            ("资金来源", f"{p['source']}{money(p['grant_fen'])}元" + (f"，村集体自筹{money(self_funded)}元" if self_funded else "")),
            ("施工单位", p["contractor"]), ("合同价", f"{money(p['contract'])}元"),
            ("已支付", f"{money(p['paid'])}元"), ("质保金", f"{money(p['retention'])}元（质保期一年）"),
            ("竣工日期", cn_date(p["completed"])), ("验收结论", "合格")]
    body = f"""
{p['name']}经{cn_date(s['d4'])}{'居民' if v['kind'] == '社区' else '村民'}代表会议决议实施（决议已于{cn_date(s['published'])}公开），现已完工。{cn_date(p['completed'])}，{v['gov']}组织{v['zhen']}农业综合服务站、{place_word(v)}“两委”、村务监督委员会和群众代表进行了竣工验收，结论为合格。现将有关情况公示如下：

{table(["事项", "内容"], rows)}

工程款支付情况在当月财务收支公开中逐笔列示，凭证号可在{weihui(v)}查阅原件。群众对工程质量和资金使用有意见的，请在公示期内向村务监督委员会{v['supervisors'][0]}反映，电话：{v['phone']}。
{sign(v['committee'], pub)}"""
    fields = [f"title: {p['name']}竣工验收情况公示", "kind: affairs.notice", f"published: {pub}", "tags: [项目建设]"]
    v["docs"][f"affairs/{pub:%Y-%m}-{SLUGS[v['id']]}-yanshou.md"] = md_doc(fields, body)


def an_revisions(v, rng):
    """清泉村: a notice withdrawn for a wrong price, its correction, and a draft."""
    sf = v["shuifei"]
    s = sf["s"]
    pub1 = add_workdays(s["published"], 2)
    wdate = add_workdays(pub1, 2)
    body_tpl = """
各位村民：

根据{d4}村民代表会议决议（决议已于{dpub}公开），经{gov}同意，本村集中供水水费收取标准调整如下：

{tbl}

1. 新标准自2025年4月1日起执行，3月份及以前的用水仍按原标准收取。
2. 水费按季度收取，由各组供水管护员抄表，村报账员{acc}开具收据，不得收取现金不开票。
3. 水费收入专款专用，用于供水设施维修和管护员报酬，每季度在财务公开中列示。
{extra}
如有疑问，请与村委会联系，电话：{phone}。
{sig}"""

    def tbl(price):
        return table(["用水类别", "原标准（元/立方米）", "新标准（元/立方米）"],
                     [("居民生活用水", "1.00", price), ("低保户、特困供养户", "1.00", f"{price}（每户每月减免3立方米）")])
    b1 = body_tpl.format(gov=v["gov"], d4=cn_date(s["d4"]), dpub=cn_date(s["published"]), tbl=tbl("2.50"), acc=v["accountant"], extra="",
                         phone=v["phone"], sig=sign(v["committee"], pub1))
    f1 = ["title: 关于调整村级集中供水水费收取标准的通知", "kind: affairs.notice", f"published: {pub1}",
          "status: withdrawn", f"withdrawn: {{ date: {wdate}, reason: 新标准水价录入错误（应为每立方米1.50元），已由更正后的通知替代 }}",
          "tags: [供水]"]
    id1 = f"{pub1:%Y-%m}-shuifei-tongzhi"
    v["docs"][f"affairs/{id1}.md"] = md_doc(f1, b1)
    b2 = body_tpl.format(gov=v["gov"], d4=cn_date(s["d4"]), dpub=cn_date(s["published"]), tbl=tbl("1.50"), acc=v["accountant"],
                         extra=f"\n> 更正说明：{cn_date(pub1)}张贴的通知中，新标准误写为每立方米2.50元，现更正为1.50元，与村民代表会议决议一致。原通知作废。\n",
                         phone=v["phone"], sig=sign(v["committee"], wdate))
    f2 = ["title: 关于调整村级集中供水水费收取标准的通知（更正）", "kind: affairs.notice", f"published: {wdate}",
          f"supersedes: {id1}", "change_note: 将新标准水价由每立方米2.50元更正为1.50元，与村民代表会议决议一致", "tags: [供水]"]
    v["docs"][f"affairs/{wdate:%Y-%m}-shuifei-tongzhi-gengzheng.md"] = md_doc(f2, b2)
    # a draft, still being written in January 2026
    pub3 = D(2026, 1, 14)
    b3 = f"""
各位村民代表：

经村“两委”研究，定于2026年1月下旬召开村民代表会议（具体时间待镇里年终考核安排确定后另行通知）。

## 拟定议程

1. 审议2025年度村集体经济收益分配方案；
2. 讨论2026年度村级项目库建议项目；
3. 通报2025年村级财务收支情况；
4. （待补充）

请各位代表提前征求本组群众意见。
{sign(v['committee'], pub3)}"""
    f3 = ["title: 关于召开2026年第一次村民代表会议的通知", "kind: affairs.notice", f"published: {pub3}", "status: draft"]
    v["docs"]["affairs/2026-01-daibiao-huiyi-caogao.md"] = md_doc(f3, b3)


AFFAIRS = {"renju": an_renju, "shouyi": an_shouyi, "fanghuo": an_fanghuo, "yibao": an_yibao, "jidongdi": an_jidongdi,
           "fangxun": an_fangxun, "cunguimingyue": an_cunguimingyue, "xiangmuku": an_xiangmuku, "html": an_html,
           "fangwu": an_fangwu, "daibiao": an_daibiao, "jiegan": an_jiegan, "yinshui": an_yinshui}


# ---------------------------------------------------------------------------------------------
# beneficiary lists (YAML)

def beneficiaries(v, rng):
    names = v["names"]
    g = lambda: rng.choice(v["groups"])  # noqa: E731
    kind = v["benef"]
    rows = []   # (name, group, fen, household_size or None, note or None)
    posting = 7
    if kind == "dibao":
        pub = next_workday(D(2025, 7, rng.randint(7, 14)))
        city = v["kind"] == "社区"
        program = "城市居民最低生活保障" if city else "农村居民最低生活保障"
        title = f"{YEAR}年第三季度{'城市' if city else '农村'}低保对象公示"
        levels = {"一类": 43000, "二类": 35000, "三类": 26000} if not city else {"一类": 52000, "二类": 43000, "三类": 31000}
        for _ in range(rng.randint(8, 13)):
            size = rng.choice([1, 1, 2, 2, 3, 3, 4, 5])
            cat = rng.choice(["一类", "二类", "二类", "三类", "三类"])
            note = cat + ("，新增" if rng.random() < 0.2 else "")
            rows.append((names.name(), g(), size * levels[cat], size, note))
        intro = (f"根据县民政局低保动态管理要求，经{'居民' if city else '村民'}代表评议、{weihui(v)}审核，"
                 f"现将{YEAR}年第三季度{program}对象名单公示如下。表中金额为每户每月保障金（元）；"
                 f"一类、二类、三类分别按每人每月{money(levels['一类'])}元、{money(levels['二类'])}元、{money(levels['三类'])}元核定。")
        tags = ["惠民资金", "社会救助"]
    elif kind == "gengdi":
        pub = next_workday(D(2025, 5, rng.randint(12, 22)))
        program, title = "耕地地力保护补贴", f"{YEAR}年耕地地力保护补贴发放公示"
        rate = 10850
        for _ in range(rng.randint(15, 21)):
            area = rng.randint(8, 96)   # 0.1 亩
            rows.append((names.name(), g(), area * rate // 10, None, f"补贴面积{area / 10:.1f}亩"))
        intro = (f"根据县农业农村局、县财政局关于{YEAR}年耕地地力保护补贴的通知，补贴对象为拥有耕地承包权的种地农户，"
                 f"补贴面积以二轮承包面积为基础、扣除已改变用途的耕地，补贴标准为每亩{money(rate)}元。"
                 "现将本村部分农户的补贴面积和金额公示如下（全村名单张贴在村委会公开栏）。")
        tags = ["惠民资金", "农业补贴"]
    elif kind == "tuigeng":
        pub = next_workday(D(2025, 8, rng.randint(4, 15)))
        program, title = "新一轮退耕还林补助", f"{YEAR}年度新一轮退耕还林补助资金兑现公示"
        rate = 30000
        for _ in range(rng.randint(8, 13)):
            area = rng.randint(6, 62)
            rows.append((names.name(), g(), area * rate // 10, None, f"退耕面积{area / 10:.1f}亩，第三年兑现"))
        intro = (f"经县林业局检查验收，本村新一轮退耕还林地块管护和成活率符合要求，现将{YEAR}年度补助资金兑现名单公示如下，"
                 f"补助标准为每亩{money(rate)}元，资金通过“一卡通”直接发放到户。")
        tags = ["惠民资金", "退耕还林"]
    elif kind == "linshi":
        pub = next_workday(D(2025, 7, rng.randint(1, 10)))
        program, title = "临时救助", f"{YEAR}年第二季度临时救助对象公示"
        reasons = ["因病住院，自付医疗费用较高", "房屋失火，生活用品受损", "突发重大疾病", "意外伤害致劳动能力下降",
                   "暴雨致房屋部分受损", "子女就学，家庭支出骤增"]
        for r in rng.sample(reasons, rng.randint(4, 6)):
            rows.append((names.name(), g(), yuan(rng.randint(8, 50) * 100), rng.choice([1, 2, 3, 4, 5]), r))
        intro = (f"经本人申请、{weihui(v)}入户核查、{v['gov']}审批，以下家庭符合临时救助条件，现将名单及救助金额公示如下。"
                 "救助金为一次性发放。")
        tags = ["惠民资金", "社会救助"]
    elif kind == "gaoling":
        pub = next_workday(D(2025, 7, rng.randint(14, 25)))
        program, title = "高龄老人生活补贴", f"{YEAR}年下半年高龄老人生活补贴发放公示"
        for _ in range(rng.randint(10, 15)):
            age = rng.choice([80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 93, 95])
            monthly = 10000 if age < 90 else 20000
            rows.append((names.name(), g(), monthly * 6, None, f"{age}岁"))
        intro = ("高龄老人生活补贴标准：80至89周岁每人每月100元，90至99周岁每人每月200元，按半年发放。"
                 f"现将{YEAR}年下半年（7月至12月）补贴发放名单公示如下。如有老人去世或户口迁出，请家属及时告知{weihui(v)}。")
        tags = ["惠民资金", "养老服务"]
    elif kind == "tekun":
        pub = next_workday(D(2025, 4, rng.randint(8, 18)))
        program, title = "特困人员救助供养", f"{YEAR}年特困人员救助供养对象公示"
        care = {"全自理": 9000, "半失能": 30000, "全失能": 70000}
        for _ in range(rng.randint(3, 6)):
            c = rng.choice(["全自理", "全自理", "半失能", "全失能"])
            rows.append((names.name(), g(), 86000 + care[c], 1, f"分散供养，{c}"))
        intro = ("特困人员救助供养金包括基本生活费（每人每月860元）和照料护理费（按自理能力分档）。"
                 "经本人申请、入户核查、民主评议，现将本村分散供养特困人员名单及每月救助供养金公示如下。")
        tags = ["惠民资金", "社会救助"]
    elif kind == "gongyi":
        pub = next_workday(D(2025, 3, rng.randint(3, 12)))
        program, title = "乡村公益性岗位", f"{YEAR}年乡村公益性岗位人员及补贴公示"
        posts = ["保洁员"] * v["cleaners"] + rng.sample(["护路员", "护林员", "水管员", "河道巡查员", "护路员"], 3)
        for p in posts:
            rows.append((names.name(), g(), yuan(1000), None, p))
        intro = ("乡村公益性岗位优先安置脱贫劳动力和监测对象中有劳动能力的人员，每人每月岗位补贴1,000元，按季度拨付。"
                 f"经个人申请、村委会审核、{v['zhen']}人社服务站审批，现将上岗人员名单公示如下。")
        tags = ["就业帮扶"]
    else:
        raise ValueError(kind)
    until = add_workdays(pub, posting)
    sup = v["supervisors"][0]
    town = TOWN_BY_ID[v["town"]]
    out = [MARK, f"title: {title}", "kind: affairs.beneficiaries", f"published: {pub}", f"posting_until: {until}",
           f"tags: [{', '.join(tags)}]", f"program: {program}", "rows:"]
    for name, grp, fen, size, note in rows:
        s = f"  - {{ name: {name}, group: {grp}, amount: \"{money(fen)}\""
        if size is not None:
            s += f", household_size: {size}"
        if note:
            s += f", note: {note}"
        out.append(s + " }")
    out.append("body: |")
    for para in [intro, "",
                 f"公示期为{cn_date(pub)}至{cn_date(until)}（7个工作日）。对名单有异议的，可向村务监督委员会主任{sup}反映"
                 f"（电话：{v['phone']}），也可向{v['town_short']}民政办反映（电话：{town['phone']}）。",
                 "", "按照个人信息保护的要求，本名单只公布姓名、所在小组和金额，不公布身份证号、银行卡号、电话号码和家庭住址。"]:
        out.append(("  " + para) if para else "")
    ident = {"dibao": "dibao-gongshi", "gengdi": "gengdi-butie", "tuigeng": "tuigeng-butie", "linshi": "linshi-jiuzhu",
             "gaoling": "gaoling-butie", "tekun": "tekun-gongyang", "gongyi": "gongyi-gangwei"}[kind]
    v["docs"][f"affairs/{pub:%Y-%m}-{ident}.yaml"] = "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# party documents

def pn_zhutidangri(v, rng, month):
    pub = next_workday(D(2025, month, rng.randint(1, 5)))
    day = add_workdays(pub, rng.randint(3, 6))
    themes = {
        3: ("学雷锋志愿服务", [f"重温入党誓词，学习党章第一章“党员”；",
                         f"党员分组清理{rng.choice(v['groups'])}至{rng.choice(v['groups'])}河道、组道沿线垃圾；",
                         "为独居老人打扫卫生、检查用电安全。"]),
        6: ("迎七一·重温初心", ["集体学习党的基本知识，交流学习体会；", "重温入党誓词；",
                           "为入党50年以上的老党员送慰问品，听老党员讲过去的事。"]),
        7: ("庆祝中国共产党成立104周年", ["讲一堂专题党课，由支部书记主讲；", "重温入党誓词；",
                                "走访慰问老党员、生活困难党员；", "开展“我为群众办实事”交流，收集群众急难愁盼问题。"]),
        9: ("秋季防火宣传和秋收帮扶", ["学习《中国共产党纪律处分条例》有关章节；",
                             "党员分组进村入户开展森林防火、防范电信诈骗宣传；", "帮助缺劳力的家庭抢收秋粮。"]),
        11: ("党员冬训动员", ["部署党员冬训，学习党的创新理论；", "通报本年度支部工作和村级财务收支情况，听取党员意见；",
                        "讨论明年村级项目建议。"]),
    }
    theme, items = themes[month]
    body = "\n".join([
        "全体党员：", "",
        f"经支部委员会研究，{month}月主题党日活动定于{cn_date(day)}上午9时在{place_word(v)}党群服务中心举行，主题为“{theme}”。", "",
        "## 活动内容", "", *[f"{i}. {t}" for i, t in enumerate(items, 1)], "",
        "## 有关要求", "",
        "- 全体党员按时参加，因病、外出不能参加的，请向支部书记请假；",
        "- 外出务工党员通过微信群参加线上学习，并在群里报到；",
        "- 请大家佩戴党员徽章，带好笔记本。", "",
        f"活动所需经费在党组织服务群众经费中列支，据实在{month}月财务公开中列明。",
        sign(v["branch"], pub)])
    fields = [f"title: 关于开展{month}月主题党日活动的安排", "kind: party.notice", f"published: {pub}", "tags: [主题党日]"]
    v["docs"][f"party/{pub:%Y-%m}-zhuti-dangri.md"] = md_doc(fields, body)


def pn_minzhu(v, rng):
    pub = next_workday(D(2026, 1, rng.randint(7, 12)))
    full = [n for n, _ in v["members"]]
    k = max(2, len(full) // 7)
    good = rng.sample(full[1:], k)
    basic = 1 if rng.random() < 0.4 else 0
    ok = len(full) - k - basic
    meet = sub_workdays(pub, rng.randint(2, 4))
    body = "\n".join([
        f"根据{v['dangwei']}关于开展{YEAR}年度民主评议党员工作的安排，本支部于{cn_date(meet)}召开党员大会，"
        "按照学习教育、自我评价、民主测评、组织评定的程序，对全体正式党员进行了民主评议。评议结果如下：", "",
        table(["评定等次", "人数"], [("优秀", k), ("合格", ok), ("基本合格", basic), ("不合格", 0), ("合计", len(full))]), "",
        f"评为优秀的党员：{'、'.join(good)}。", "",
        *(["评为基本合格的党员，支部已进行谈心谈话，帮助其制定改进措施。", ""] if basic else []),
        f"对评议结果有异议的，请于公示之日起5个工作日内向{v['branch_short']}或{v['dangwei']}组织办反映。",
        sign(v["branch"], pub)])
    fields = [f"title: {YEAR}年度民主评议党员结果公示", "kind: party.notice", f"published: {pub}", "tags: [民主评议]"]
    v["docs"][f"party/{pub:%Y-%m}-minzhu-pingyi.md"] = md_doc(fields, body)


def pn_shenghuohui(v, rng):
    pub = next_workday(D(2026, 1, rng.randint(5, 8)))
    meet = add_workdays(pub, rng.randint(3, 5))
    body = f"""
全体党员：

根据{v['dangwei']}的统一部署，{v['branch_short']}定于{cn_date(meet)}上午9时在{place_word(v)}党群服务中心召开{YEAR}年度组织生活会，{v['dangwei']}将派员列席指导。

## 会前准备

1. 每位党员认真学习规定的学习材料，对照党员标准查找自身不足，写好发言提纲；
2. 支部委员之间、党员之间开展谈心谈话；
3. 支部委员会在会前广泛听取群众意见，群众可通过意见箱或电话（{v['phone']}）反映对支部和党员的意见建议。

## 会议议程

1. 支部书记代表支部委员会对照检查，通报征求意见情况；
2. 支部委员逐一对照检查，开展批评和自我批评；
3. 党员逐一发言，互相提出批评意见；
4. 开展{YEAR}年度民主评议党员。

请全体党员准时参加，无特殊情况不得请假。
{sign(v['branch'], pub)}"""
    fields = [f"title: 关于召开{YEAR}年度组织生活会的通知", "kind: party.notice", f"published: {pub}", "tags: [组织生活]"]
    v["docs"][f"party/{pub:%Y-%m}-zuzhi-shenghuohui.md"] = md_doc(fields, body)


def pn_gongzuo(v, rng):
    pub = next_workday(D(2025, rng.choice([2, 3]), rng.randint(10, 20)))
    p = v["project"]
    body = f"""
{YEAR}年，{v['branch_short']}围绕“抓党建、促发展、惠民生”，重点做好以下工作：

## 一、加强支部自身建设

- 严格落实“三会一课”、主题党日、组织生活会和民主评议党员制度；
- 每季度第一周公开上季度党费收缴情况；
- 按程序做好发展党员工作，重点从致富带头人、返乡青年中培养入党积极分子。

## 二、发展壮大集体经济

- 管好用好{'集体门面房' if 'shops' in v['feat'] else '集体资产资源'}，全年集体经营性收入力争比上年增长一成；
- 推进{p['name']}，严格执行“四议两公开”，资金使用逐笔公开。

## 三、办好民生实事

- 做好低保、临时救助、高龄补贴等惠民资金的评议和公示；
- {'做好汛期安全和楼栋消防安全工作' if v['kind'] == '社区' else '开展春季人居环境整治和汛期、森林防火安全工作'}。

## 四、推进阳光三务公开

财务按月公开，{'居务' if v['kind'] == '社区' else '村务'}、党务按季度公开，重大事项随时公开；公开内容同步上网，接受群众监督。

以上工作要点经{cn_date(sub_workdays(pub, 3))}支部党员大会讨论通过。
{sign(v['branch'], pub)}"""
    fields = [f"title: {v['branch_short']}{YEAR}年工作要点", "kind: party.notice", f"published: {pub}", "tags: [工作计划]"]
    v["docs"][f"party/{pub:%Y-%m}-gongzuo-yaodian.md"] = md_doc(fields, body)


def pn_biaozhang(v, rng):
    pub = next_workday(D(2025, 6, rng.randint(23, 27)))
    full = [n for n, _ in v["members"]]
    picked = rng.sample(full[2:], 3)
    deeds = ["带头调解邻里纠纷，全年调解矛盾十余起", "义务为孤寡老人挑水送菜多年", "带领群众发展产业，带动周边农户增收",
             "在组道硬化中主动让出自家承包地", "汛期坚守值班，及时转移危险区群众", "坚持每天义务打扫组内公共区域"]
    reasons = rng.sample(deeds, 3)
    body = "\n".join([
        f"为庆祝中国共产党成立104周年，表彰先进，树立榜样，经党员推荐、支部委员会研究、支部党员大会讨论，"
        f"决定对以下{len(picked)}名同志予以表彰，授予“优秀共产党员”称号：", "",
        *[f"- **{n}**：{r}。" for n, r in zip(picked, reasons)], "",
        "希望受表彰的同志珍惜荣誉，再接再厉；全体党员要以他们为榜样，立足岗位作贡献。",
        sign(v["branch"], pub)])
    fields = ["title: 关于表彰优秀共产党员的决定", "kind: party.notice", f"published: {pub}", "tags: [表彰]"]
    v["docs"][f"party/{pub:%Y-%m}-youxiu-dangyuan.md"] = md_doc(fields, body)


def pn_sanhui(v, rng):
    pub = next_workday(D(2025, 10, rng.randint(9, 14)))
    rows = [
        ("支部党员大会", "10月下旬", "学习传达上级会议精神；讨论冬季重点工作"),
        ("支部委员会", "每月上旬", "研究当月工作，审核财务公开内容"),
        ("党小组会", "11月中旬", "各党小组组织学习，收集群众意见"),
        ("党课", "12月上旬", f"支部书记{v['secretary']}讲专题党课"),
        ("主题党日", "每月5日前后", "集中学习、志愿服务"),
    ]
    body = "\n".join([
        f"现将{v['branch_short']}{YEAR}年第四季度“三会一课”安排公开如下，请全体党员按时参加：", "",
        table(["类别", "时间", "主要内容"], rows), "",
        "具体时间以支部通知为准。外出务工党员通过党员微信群参加学习。",
        sign(v["branch"], pub)])
    fields = [f"title: {YEAR}年第四季度“三会一课”安排", "kind: party.notice", f"published: {pub}", "tags: [三会一课]"]
    v["docs"][f"party/{pub:%Y-%m}-sanhui-yike.md"] = md_doc(fields, body)


def party_notices(v, rng):
    for key in v["party_notices"]:
        if key.startswith("zhutidangri-"):
            pn_zhutidangri(v, rng, int(key.split("-")[1]))
        else:
            {"minzhu": pn_minzhu, "shenghuohui": pn_shenghuohui, "gongzuo": pn_gongzuo, "biaozhang": pn_biaozhang,
             "sanhui": pn_sanhui}[key](v, rng)


def rand_date(rng, a, b):
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def development(v, rng):
    stage = v["dev"]
    town = TOWN_BY_ID[v["town"]]
    names = v["names"]
    people = []
    if stage == "入党积极分子":
        pub = next_workday(D(2025, rng.choice([4, 5]), rng.randint(8, 20)))
        n = rng.randint(2, 3)
        for _ in range(n):
            name, gender = names.new()
            people.append((name, gender, rng.choice(v["groups"]), next_workday(rand_date(rng, D(2024, 9, 1), D(2025, 2, 28)))))
        title = "关于确定入党积极分子的公示"
        lead = ("经党员推荐、群团组织推优，支部委员会研究，拟将以下同志确定为入党积极分子。"
                "表中日期为本人递交入党申请书的时间。")
        ident = "rudang-jiji-fenzi"
    elif stage == "发展对象":
        pub = next_workday(D(2025, rng.choice([6, 7, 9]), rng.randint(8, 20)))
        for _ in range(rng.randint(1, 2)):
            name, gender = names.new()
            people.append((name, gender, rng.choice(v["groups"]), next_workday(rand_date(rng, D(2023, 6, 1), D(2024, 4, 30)))))
        title = "关于确定发展对象的公示"
        lead = ("以下同志经过一年以上的培养教育和考察，基本具备党员条件。经听取党小组、培养联系人、党员和群众意见，"
                "支部委员会研究，拟将其列为发展对象。表中日期为确定为入党积极分子的时间。")
        ident = "fazhan-duixiang"
    elif stage == "预备党员":
        pub = next_workday(D(2025, rng.choice([9, 10, 11]), rng.randint(12, 24)))
        for _ in range(rng.randint(1, 2)):
            name, gender = names.new()
            people.append((name, gender, rng.choice(v["groups"]), next_workday(rand_date(rng, D(2025, 3, 1), D(2025, 6, 30)))))
        title = "关于拟发展预备党员的公示"
        lead = (f"以下发展对象已经{v['dangwei']}预审合格，参加了集中培训，支部委员会研究，拟提交支部党员大会讨论接收为预备党员。"
                "表中日期为确定为发展对象的时间。")
        ident = "yubei-dangyuan"
    else:   # 转正
        since = next_workday(D(2024, rng.choice([8, 9, 10]), rng.randint(5, 25)))
        pub = next_workday(days(since.replace(year=2025), -rng.randint(14, 24)))
        name, gender = names.new()
        people.append((name, gender, rng.choice(v["groups"]), since))
        v["probationary"] = [name]
        v["probationary_until"] = days(since.replace(year=2025), 1)   # 预备期满, 按期转正
        title = "关于预备党员拟按期转正的公示"
        lead = ("以下同志预备期即将届满。预备期内能认真学习、按时参加组织生活、按期交纳党费，"
                "本人已提出转正申请，经党小组和支部委员会研究，拟提交支部党员大会讨论按期转为正式党员。"
                "表中日期为接收为预备党员的时间。")
        ident = "yubei-dangyuan-zhuanzheng"
    to = add_workdays(pub, 5)
    intro = (f"{lead}\n\n公示期为{cn_date(pub)}至{cn_date(to)}（5个工作日）。党员和群众对公示对象有意见的，可通过来信、来电、来访向"
             f"{v['branch_short']}（电话：{v['phone']}）或{v['dangwei_full']}组织办（电话：{town['phone']}）反映。"
             "反映问题要实事求是，提倡署真实姓名，我们将严格保密。")
    plist = []
    for name, gender, grp, since in people:
        plist.append(f"  - {{ name: {name}, gender: {gender}, group: {grp}, since: {since} }}")
    fname = f"party/{pub:%Y-%m}-{ident}"
    base = [f"title: {title}", "kind: party.development", f"published: {pub}", f"stage: {stage}", "people:", *plist,
            f"objections_to: {to}", "tags: [发展党员]"]
    if v["seed"] % 3 == 0:   # some clerks keep it all in YAML, with the text in body
        text = MARK + "\n" + "\n".join(base) + "\nbody: |\n" + "\n".join(("  " + ln) if ln else "" for ln in intro.split("\n")) + "\n"
        v["docs"][fname + ".yaml"] = text
    else:
        v["docs"][fname + ".md"] = md_doc(base, intro + "\n" + sign(v["branch"], pub))


def dues(v, rng):
    away_note = "外出务工，由家属代交"
    prob = v.get("probationary", [])
    for q, pub in ((3, next_workday(D(2025, 10, rng.randint(13, 17)))), (4, next_workday(D(2026, 1, rng.randint(6, 9))))):
        rows = []
        for n, cat in v["members"]:
            rows.append((n, v["dues"][n], away_note if cat == "away" and rng.random() < 0.5 else None))
        quarter_start = D(2025, 3 * q - 2, 1)
        still_prob = [n for n in prob if v["probationary_until"] > quarter_start]
        for n in prob:
            rows.append((n, 60, "预备党员" if n in still_prob else "本季度转为正式党员"
                         if v["probationary_until"] >= quarter_start else None))
        collected = sum(a for _, a, _ in rows)
        remitted = collected
        short = q == 4 and v.get("dues_short")
        if short:
            late = sum(v["dues"][n] // 3 for n, cat in v["members"] if cat == "cadre")
            remitted = collected - late
        full_n = len(v["members"])
        text = (f"本支部现有党员{full_n + len(prob)}名" + (f"（其中预备党员{len(still_prob)}名）" if still_prob else "") +
                f"。{YEAR}年第{QUARTER_CN[q]}季度应交党费{money(collected)}元，实交{money(collected)}元。"
                "农民党员每人每月交纳0.20元，村干部和离退休党员按规定比例交纳。")
        if short:
            remit_day = sub_workdays(pub, 1)
            text += (f"截至{cn_date(remit_day)}已上缴{v['dangwei']}组织办{money(remitted)}元，"
                     f"其余{money(collected - remitted)}元为村干部12月份党费，随报酬发放时代扣，将于1月20日前上缴。")
        else:
            text += f"已于{cn_date(sub_workdays(pub, rng.randint(2, 4)))}全额上缴{v['dangwei']}组织办。"
        out = [MARK, f"title: {YEAR}年第{QUARTER_CN[q]}季度党费收缴情况公开", "kind: party.dues", f"published: {pub}",
               f"period: {YEAR}-Q{q}", f"members: {full_n + len(prob)}", f"collected: \"{money(collected)}\"",
               f"remitted: \"{money(remitted)}\"", "rows:"]
        for n, a, note in rows:
            out.append(f"  - {{ name: {n}, amount: \"{money(a)}\"" + (f", note: {note}" if note else "") + " }")
        out.append(f"body: {text}")
        v["docs"][f"party/{YEAR}-q{q}-dangfei.yaml"] = "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# town.yaml, village.yaml, and the whole run

TOWN_BY_ID = {t["id"]: t for t in TOWNS}


def town_yaml(t):
    return "\n".join([MARK, f"name: {t['name']}", f"kind: {t['kind']}", f"code: \"{t['code']}\"",
                      f"enforcement_office: {t['name']}综合执法办公室"]) + "\n"


def village_yaml(v):
    return "\n".join([
        MARK, f"name: {v['name']}", f"kind: {v['kind']}", f"code: \"{v['code']}\"",
        f"groups: [{', '.join(v['groups'])}]" + ("    # 居民小组" if v["kind"] == "社区" else "    # 村民小组"),
        f"supervisors: {{ body: 村务监督委员会, members: [{', '.join(v['supervisors'])}] }}"]) + "\n"


def build_village(v):
    v["docs"], v["decisions"], v["extra_lines"] = {}, [], []
    setup_people(v)
    setup_project(v)
    setup_extra_decision(v)
    build_finance(v)
    for rec in v["finance"]:
        v["docs"][f"finance/{YEAR}-{rec['m']:02d}-statement.yaml"] = statement_yaml(v, rec)
    fin_notice(v)
    rng = random.Random(v["seed"] * 1000 + 5)
    for key in v["affairs"]:
        AFFAIRS[key](v, rng)
    an_yanshou(v, rng)
    if v.get("special") == "revisions":
        an_revisions(v, rng)
    beneficiaries(v, random.Random(v["seed"] * 1000 + 6))
    prng = random.Random(v["seed"] * 1000 + 8)
    development(v, prng)
    party_notices(v, prng)
    dues(v, prng)
    ids = {}
    for rel in v["docs"]:
        i = os.path.splitext(os.path.basename(rel))[0]
        assert i not in ids, f"{v['id']}: id {i} used by {ids[i]} and {rel}"
        ids[i] = rel


def generated(path):
    try:
        with open(path, encoding="utf-8") as f:
            head = [f.readline() for _ in range(3)]
    except (UnicodeDecodeError, OSError):
        return False
    return any(MARK in h for h in head)


def main():
    files = {}
    for t in TOWNS:
        files[os.path.join(TOWNS_DIR, t["id"], "town.yaml")] = town_yaml(t)
    for v in VILLAGES:
        build_village(v)
        vdir = os.path.join(TOWNS_DIR, v["town"], v["id"])
        files[os.path.join(vdir, "village.yaml")] = village_yaml(v)
        for rel, text in v["docs"].items():
            files[os.path.join(vdir, rel)] = text
    # remove generated files that are no longer produced
    removed = 0
    if os.path.isdir(TOWNS_DIR):
        for dirpath, _, names in os.walk(TOWNS_DIR):
            for n in names:
                p = os.path.join(dirpath, n)
                if p not in files and generated(p):
                    os.remove(p)
                    removed += 1
    written = 0
    for p, text in sorted(files.items()):
        os.makedirs(os.path.dirname(p), exist_ok=True)
        old = None
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                old = f.read()
        if old != text:
            with open(p, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            written += 1
    print(f"{len(files)} files ({written} written, {len(files) - written} unchanged, {removed} removed) "
          f"under {os.path.relpath(TOWNS_DIR, ROOT)}/", file=sys.stderr)


if __name__ == "__main__":
    main()
