from common import ents, obs, rels, write

D = "2024-12-31"
T = "2025-12-31"
E = ents("""
数智化|Strategy|数智化战略;数智化转型
数智浦发|Strategy||u
五篇大文章|Strategy
数字金融|Strategy
数字化转型办公室|Department
信息科技部|Department
零售业务部|Department
信用卡中心|Department
交易银行部|Department
手机银行|Product|浦发手机银行
浦发手机银行15.0|Product|手机银行15.0
适老版|Product
乡村版|Product
县域客户|CustomerSegment
语音导航|Product||u
远程视频柜员|Product||u
浦大喜奔|Product
浦大喜奔6.0|Product
AI账单助理|Product
浦银理财|Subsidiary
浦银理财·智选|Product
企业手机银行|Product
企业手机银行4.0|Product
浦发司库|Product
集团企业客户|CustomerSegment||u
浦银金融租赁|Subsidiary
制造业企业|CustomerSegment
企业级数据中台|Product|数据中台|u
浦智|Product|浦智大模型
华为|Organization
百度|Organization
小浦|Product
浦慧风控|Product
API Bank无界开放银行|Product|API Bank
上海数据交易所|Organization
数据资产贷|Product
数据要素型科技企业|CustomerSegment
浦科e贷|Product
专精特新企业|CustomerSegment
银行家|Organization
IDC|Organization
亚洲银行家|Organization
2024年度金融科技创新优秀案例|Award|金融科技创新优秀案例
中国金融行业技术应用场景创新奖|Award
中国最佳数字银行|Award
""")
O = obs(f"""
浦发银行|科技投入|70.68|亿|元|-|-|全年科技投入70.68亿元
浦发银行|科技投入 同比增长率|3.2||%|-|-|同比增长3.2%
浦发银行|科技投入占营业收入比重|4.17||%|-|-|占营业收入的4.17%
浦发银行|金融科技人员数|7,012||人|-|-|金融科技人员7,012人
浦发银行|金融科技人员占员工总数比重|11.3||%|-|-|占员工总数的11.3%
手机银行|用户数|5,862.47|万|户|-|-|手机银行用户数5,862.47万户
手机银行|用户数 增长率|9.41||%|-|-|较上年末增长9.41%
手机银行|月活跃用户数|1,726.35|万|户|-|-|月活跃用户（MAU）1,726.35万户
手机银行|月活跃用户数 同比增长率|11.2||%|-|-|同比增长11.2%
浦大喜奔|绑卡用户数|4,100|万|户|-|约|绑卡用户约4,100万户
浦大喜奔|月活跃用户数|1,500|万|户|-|近|月活跃用户近1,500万户
浦银理财·智选|理财产品保有规模|3,216.8|亿|元|-|-|年末专区理财产品保有规模3,216.8亿元
浦发司库|服务集团企业客户数|2,380||家|-|-|服务集团企业客户2,380家
浦发司库|服务集团企业客户数 增加额|412||家|-|-|较上年末增加412家
浦发银行|对公线上化业务交易笔数占比|96.5||%|-|-|对公线上化业务交易笔数占比达到96.5%
浦发银行|对公线上化业务交易笔数占比 提高|1.8||百分点|-|-|较上年末提高1.8个百分点
浦发司库|资金结算量|4.3|万亿|元|-|约|“浦发司库”全年资金结算量约4.3万亿元
企业级数据中台|入湖数据量|12||PB|-|超|入湖数据量超过12PB|u
浦发银行|数据标准覆盖率|92||%|-|-|数据标准覆盖率达到92%
浦智|投产场景数|86||个|-|-|代码生成等86个场景投产
小浦|服务客户人次|3.2|亿|人次|-|逾|全年服务客户逾3.2亿人次
小浦|替代人工工作量|2,600||人年|-|约|替代人工工作量约2,600人年|u
浦慧风控|拦截可疑交易笔数|1.37|万|笔|-|-|全年拦截可疑交易1.37万笔
浦慧风控|拦截可疑交易金额|8.9|亿|元|-|约|涉及金额约8.9亿元
API Bank无界开放银行|对外开放API接口数|2,140||个|-|-|累计对外开放API接口2,140个
API Bank无界开放银行|生态合作伙伴数|4,000||家|-|超|连接生态合作伙伴超4,000家
数据资产贷|服务企业数|43||家|-|-|服务数据要素型科技企业43家
数据资产贷|投放金额|12.6|亿|元|-|-|当年投放12.6亿元
浦科e贷|贷款余额 增加额|58.3|亿|元|-|-|贷款余额较上年末增加58.3亿元
浦科e贷|贷款余额|196.2|亿|元|-|-|达到196.2亿元
手机银行|月活跃用户数 目标|2,000|万|户|{T}|突破|力争到2025年末手机银行月活跃用户突破2,000万户|u
浦发银行|数字化渠道交易替代率 目标|98||%|{T}|以上|数字化渠道交易替代率保持在98%以上|u
""", D)
R = rels("""
数字金融|part_of|五篇大文章
数智化|part_of|数字金融|-|u
数智化|supports|数字金融|-|u
数字化转型办公室|responsible_for|数智化|-|u
信息科技部|collaborates_with|零售业务部
信息科技部|collaborates_with|信用卡中心
浦发手机银行15.0|version_of|手机银行
适老版|version_of|手机银行
乡村版|version_of|手机银行
乡村版|targets|县域客户
语音导航|part_of|浦发手机银行15.0|-|u
远程视频柜员|part_of|浦发手机银行15.0|-|u
浦大喜奔6.0|version_of|浦大喜奔
AI账单助理|part_of|浦大喜奔6.0
零售业务部|collaborates_with|浦银理财
浦银理财·智选|part_of|手机银行
零售业务部|responsible_for|浦银理财·智选|-|u
浦银理财|responsible_for|浦银理财·智选|-|u
企业手机银行4.0|version_of|企业手机银行
交易银行部|collaborates_with|浦银金融租赁
交易银行部|responsible_for|浦发司库|-|u
浦发司库|targets|制造业企业|-|u
浦发司库|targets|集团企业客户|-|u
浦智|partners_with|华为
浦智|partners_with|百度
浦发银行|partners_with|上海数据交易所
数据资产贷|partners_with|上海数据交易所|-|u
数据资产贷|targets|数据要素型科技企业
浦科e贷|targets|专精特新企业
浦发手机银行15.0|received|2024年度金融科技创新优秀案例|银行家
浦智|received|中国金融行业技术应用场景创新奖|IDC
浦发银行|received|中国最佳数字银行|亚洲银行家
""")
write("spdb_2024.txt", D, "simplified",
      "Hand annotation (blind, before the tool ran) of a composed text in the style of 浦发银行's\n2024 annual report, 数智化 section (app versions, partners, awards, targets).",
      E, O, R)
