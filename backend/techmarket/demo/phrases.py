"""Phrase tables the demo entries are composed from: per technical field, what the region's
industry makes, the techniques it uses and the indicators it aims at (运城's key-technology list).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldPhrases:
    products: tuple[str, ...]  # what the enterprises make or handle
    techniques: tuple[str, ...]  # how a university or institute would improve it
    indicators: tuple[str, ...]  # 技术指标 a demand asks for or an achievement reaches
    uses: tuple[str, ...]  # where an achievement applies


FIELDS: dict[str, FieldPhrases] = {
    "xinchuang": FieldPhrases(
        ("政务办公系统", "工业控制软件", "中间件平台", "数据库集群", "电子公文系统"),
        ("国产芯片适配", "微服务架构改造", "国产数据库迁移", "可信计算", "异构算力调度"),
        ("在国产操作系统上稳定运行 ≥ 7×24 小时", "并发用户 ≥ 5000", "迁移停机时间 ≤ 2 小时"),
        ("市县政务系统", "能源企业生产管理", "医院信息系统"),
    ),
    "new_energy_vehicle": FieldPhrases(
        ("电动物流车", "动力电池包", "驱动电机", "整车控制器", "充电桩"),
        ("电池热管理", "轻量化车身设计", "电驱系统集成", "BMS 均衡控制", "快充协议兼容"),
        ("续航里程提升 15%", "电池包能量密度 ≥ 180 Wh/kg", "-20 ℃ 容量保持率 ≥ 85%"),
        ("城市物流配送", "农村客运", "港口短驳"),
    ),
    "rail_intelligent_equipment": FieldPhrases(
        ("轨道交通齿轮箱", "数控机床主轴", "工业机器人关节", "智能仓储装备", "液压支架"),
        ("机器视觉检测", "数字孪生运维", "预测性维护", "伺服精密控制", "振动噪声抑制"),
        ("定位精度 ≤ 0.01 mm", "故障预警准确率 ≥ 90%", "设备综合效率提升 20%"),
        ("轨道交通装备制造", "煤矿综采工作面", "汽车零部件产线"),
    ),
    "semiconductor": FieldPhrases(
        ("功率半导体器件", "碳化硅衬底", "LED 外延片", "传感器芯片", "封装基板"),
        ("碳化硅长晶", "晶圆级封装", "外延生长工艺", "缺陷在线检测", "低温键合"),
        ("微管密度 ≤ 0.5 个/cm²", "良品率 ≥ 95%", "热阻降低 20%"),
        ("新能源汽车电驱", "光伏逆变器", "智能电网"),
    ),
    "special_metal": FieldPhrases(
        ("镁合金压铸件", "铝合金型材", "钛合金紧固件", "镁合金板材", "稀土镁合金"),
        ("真空压铸", "微弧氧化", "稀土微合金化", "等温锻造", "激光增材制造"),
        ("抗拉强度 ≥ 300 MPa", "中性盐雾试验 ≥ 500 小时", "成品率提高 15%"),
        ("汽车轻量化部件", "3C 产品外壳", "航空航天结构件"),
    ),
    "carbon_material": FieldPhrases(
        ("石墨电极", "碳纤维复合材料", "针状焦", "活性炭", "石墨烯导电浆料"),
        ("高温石墨化", "化学气相沉积", "沥青基碳纤维纺丝", "孔结构调控", "表面改性"),
        ("电阻率 ≤ 5 μΩ·m", "比表面积 ≥ 1500 m²/g", "拉伸强度 ≥ 3.5 GPa"),
        ("锂电池负极", "电弧炉炼钢", "水处理"),
    ),
    "chemical_material": FieldPhrases(
        ("聚氨酯材料", "水性涂料", "可降解塑料", "特种橡胶", "精细化学品"),
        ("催化剂制备", "连续流反应", "绿色合成工艺", "废液资源化", "分子筛分离"),
        ("转化率 ≥ 98%", "VOC 排放降低 60%", "生物降解率 ≥ 90%"),
        ("建筑防水", "农用地膜", "汽车内饰"),
    ),
    "clean_coal": FieldPhrases(
        ("焦炉煤气", "煤矸石", "燃煤锅炉", "煤化工废水", "粉煤灰"),
        ("煤气化联产", "低氮燃烧", "固废协同利用", "余热梯级回收", "二氧化碳捕集"),
        ("氮氧化物排放 ≤ 50 mg/m³", "综合利用率 ≥ 85%", "吨产品能耗降低 12%"),
        ("焦化企业", "火电厂", "建材企业"),
    ),
    "biomedicine_health": FieldPhrases(
        ("中药饮片", "原料药", "医用敷料", "保健食品", "体外诊断试剂"),
        ("超临界萃取", "酶法合成", "缓释制剂", "指纹图谱质控", "微生物发酵"),
        ("有效成分得率提高 30%", "杂质含量 ≤ 0.1%", "检测灵敏度 ≤ 1 ng/mL"),
        ("中药材深加工", "基层医疗机构", "功能食品"),
    ),
    "dryland_agriculture": FieldPhrases(
        ("苹果", "小麦", "中药材种植", "设施蔬菜", "花椒"),
        ("水肥一体化", "抗旱品种选育", "病虫害绿色防控", "秸秆还田", "智能灌溉"),
        ("亩产提高 10%", "节水 30% 以上", "农药使用量减少 25%"),
        ("旱塬果园", "高标准农田", "设施农业园区"),
    ),
    "new_energy": FieldPhrases(
        ("光伏组件", "风电叶片", "储能电站", "氢燃料电池", "生物质锅炉"),
        ("钙钛矿叠层", "液流储能", "电解水制氢", "智能微电网", "光伏清洁机器人"),
        ("组件转换效率 ≥ 23%", "储能循环寿命 ≥ 6000 次", "制氢电耗 ≤ 4.3 kWh/Nm³"),
        ("工业园区", "农村分布式能源", "矿区生态修复"),
    ),
}

PROBLEMS = (
    "产品一致性差，废品率偏高",
    "能耗较高，难以满足节能降碳要求",
    "关键工艺依赖进口设备，成本居高不下",
    "质量检测依靠人工，效率低、漏检多",
    "现有工艺污染物排放接近限值",
    "性能与国外同类产品仍有差距",
)

DEMAND_TITLES = (
    "{product}{technique}技术攻关",
    "{product}{technique}工艺开发",
    "提升{product}性能的{technique}技术",
    "{product}降本增效技术需求",
    "{product}质量在线检测技术",
)

ACHIEVEMENT_TITLES = (
    "{product}{technique}关键技术",
    "基于{technique}的{product}制备方法",
    "{technique}在{product}中的应用",
    "高性能{product}{technique}成套技术",
)

PROJECT_TITLES = (
    "{product}{technique}关键技术研究",
    "{technique}在{product}领域的示范应用",
    "{product}{technique}中试平台建设",
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ("建华", "志强", "秀兰", "海涛", "晓东", "丽娟", "文博", "国栋", "春梅", "伟")
