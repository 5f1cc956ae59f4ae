from common import ents, obs, rels, write

D = "2020-09-30"
Y = "2020-12-31"
E = ents("""
幸福+|Product
老年客户|CustomerSegment
银发客户|CustomerSegment
零售第一|Strategy|零售第一战略
零售银行部|Department
信银理财|Subsidiary
中信百信银行|Subsidiary|百信银行
手机银行|Product
幸福+大字版|Product|大字版
颐享|Product
动卡空间|Product
动卡空间8.0|Product|动卡空间App 8.0
分期商城|Product
出行专区|Product
信用卡中心|Department
中国国际航空|Organization
美团|Organization
滴滴出行|Organization
年轻客群|CustomerSegment
商旅客户|CustomerSegment
信用卡|Product
零售银行|Organization
年度最佳信用卡App|Award
苏州分行|Branch
中信家园|Product
苏州市社会保险基金管理中心|Organization
社保卡|Product||u
幸福+讲堂|Initiative||u
中信出国金融|Product|出国金融|u
出国金融3.0|Product
中信银行（国际）|Subsidiary|中信银行国际
出国客户|CustomerSegment||u
代发工资客户|CustomerSegment
私人银行客户|CustomerSegment
私人银行部|Department
中信信托|Organization||u
家族信托|Product||u
高净值家庭|CustomerSegment||u
""")
O = obs(f"""
幸福+|老年客户数|1,260|万|户|-|-|“幸福+”老年客户达到1,260万户
幸福+|老年客户数 增加额|118|万|户|-|-|较年初增加118万户
幸福+|管理资产规模|9,800|亿|元|-|突破|管理资产规模突破9,800亿元
中信银行|适老化示范网点数|327||家|-|-|全行已建成适老化示范网点327家
幸福+大字版|访问量|2,100|万|人次|-|超|前三季度访问量超过2,100万人次
颐享|存续规模|420|亿|元|-|约|存续规模约420亿元
颐享|存续规模 增长率|7.9||%|-|-|较6月末增长7.9%
中信银行|适老化示范网点数 目标|400||家|{Y}|-|将适老化示范网点扩展至400家|u
幸福+|客户数 目标|1,300|万|户|{Y}|突破|力争“幸福+”客户突破1,300万户|u
动卡空间|绑卡用户数|5,230|万|户|-|-|动卡空间绑卡用户数达到5,230万户
动卡空间|月活跃用户数|1,480|万|户|-|-|月活跃用户1,480万户
动卡空间|月活跃用户数 环比增长率|3.6||%|-|-|环比增长3.6%
信用卡|交易额|1.96|万亿|元|-|-|前三季度信用卡交易额1.96万亿元
信用卡|交易额 同比增长率|4.8||%|-|-|同比增长4.8%
信用卡|不良率|1.87||%|-|-|信用卡不良率1.87%
信用卡|不良率 下降|0.21||百分点|-|-|较年初下降0.21个百分点
苏州分行|新发社保卡数|8.6|万|张|-|-|前三季度新发社保卡8.6万张
苏州分行|社区支行新增有效客户数|3.1|万|户|-|约|社区支行新增有效客户约3.1万户
苏州分行|社区支行新增有效客户占比|41||%|-|-|占分行新增有效客户的比重达到41%
苏州分行|社区支行新增有效客户占比 提高|9||百分点|-|-|较上年同期提高9个百分点
幸福+讲堂|计划举办场次|200||场|{Y}|-|全年计划举办200场|u
幸福+讲堂|已举办场次|136||场|-|-|已举办136场
幸福+讲堂|参与老年客户人次|1.2|万|人次|-|近|参与老年客户近1.2万人次
出国金融3.0|服务出国客户数|52|万|人|-|逾|前三季度服务出国客户逾52万人
代发工资客户|客户数|1,026|万|户|-|-|代发工资客户1,026万户
代发工资客户|客户数 同比增长率|6.2||%|-|-|同比增长6.2%
代发工资客户|累计代发金额|3,865|亿|元|-|-|代发金额累计3,865亿元
私人银行客户|客户数|4.92|万|户|-|-|4.92万户
私人银行客户|客户数 增长率|11.3||%|-|-|较年初增长11.3%
私人银行客户|管理资产|5,086|亿|元|-|-|私行客户管理资产5,086亿元
家族信托|业务规模|300|亿|元|-|突破|家族信托业务规模突破300亿元
家族信托|服务高净值家庭数|1,500||户|-|逾|服务高净值家庭逾1,500户
手机银行|客户数|6,318|万|户|-|-|手机银行客户数达到6,318万户
手机银行|客户数 增加额|541|万|户|-|-|较年初增加541万户
手机银行|月活跃客户数|1,950|万|户|-|约|月活跃客户数约1,950万户
""", D)
R = rels("""
幸福+|targets|老年客户
幸福+|targets|银发客户|-|u
幸福+|supports|零售第一
零售银行部|collaborates_with|信银理财
零售银行部|collaborates_with|中信百信银行
零售银行部|responsible_for|幸福+
幸福+大字版|version_of|手机银行
幸福+大字版|part_of|幸福+|-|u
幸福+大字版|targets|老年客户|-|u
颐享|targets|老年客户
信银理财|responsible_for|颐享
颐享|part_of|幸福+|-|u
动卡空间8.0|version_of|动卡空间
信用卡中心|responsible_for|动卡空间
信用卡中心|responsible_for|信用卡|-|u
信用卡中心|responsible_for|动卡空间8.0|-|u
分期商城|part_of|动卡空间8.0
出行专区|part_of|动卡空间8.0
动卡空间|partners_with|中国国际航空
动卡空间|partners_with|美团
动卡空间|partners_with|滴滴出行
动卡空间|targets|年轻客群
动卡空间|targets|商旅客户
动卡空间|received|年度最佳信用卡App|零售银行
苏州分行|responsible_for|中信家园|-|u
苏州分行|partners_with|苏州市社会保险基金管理中心|-|u
幸福+讲堂|part_of|幸福+|-|u
零售银行部|collaborates_with|中信银行（国际）
零售银行部|responsible_for|出国金融3.0|-|u
出国金融3.0|version_of|中信出国金融|-|u
出国金融3.0|targets|出国客户|-|u
私人银行部|partners_with|中信信托|-|u
私人银行部|collaborates_with|中信信托|-|u
""")
write("citic_2020_newsletter.txt", D, "simplified",
      "Hand annotation (blind, before the tool ran) of a composed 中信银行 retail newsletter (2020,\nshort column lines, articles bylined 供稿：…).",
      E, O, R)
