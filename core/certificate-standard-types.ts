// The built-in certificate types a new hall starts with; a manager may replace any of them (PUT /certificate-types/:code).
import { DEFAULT_DAILY_LIMIT, type CertificateType } from './certificates.ts';

const months = [
  { key: 'last12', label: '近12个月', months: 12 },
  { key: 'last24', label: '近24个月', months: 24 },
  { key: 'last36', label: '近36个月', months: 36 },
];

export const STANDARD_CERTIFICATE_TYPES: readonly CertificateType[] = [
  {
    code: 'social-insurance',
    name: '社会保险参保缴费证明',
    fields: [
      { key: 'insuredPlace', label: '参保地', kind: 'text' },
      { key: 'employer', label: '参保单位', kind: 'text' },
      { key: 'firstInsuredOn', label: '首次参保日期', kind: 'date' },
      { key: 'status', label: '参保状态', kind: 'text' },
    ],
    template: {
      title: '社会保险参保缴费证明',
      paragraphs: [
        '兹证明{name}（公民身份号码：{idNumber}）自{firstInsuredOn}起在{insuredPlace}参加社会保险，参保单位为{employer}，当前参保状态为“{status}”。',
        '{period}缴费明细如下：',
      ],
      table: {
        columns: [
          { key: 'month', label: '费款所属期' },
          { key: 'base', label: '缴费基数（元）' },
          { key: 'pension', label: '养老保险（元）' },
          { key: 'medical', label: '医疗保险（元）' },
          { key: 'unemployment', label: '失业保险（元）' },
        ],
        monthColumn: 'month',
      },
    },
    periods: months,
    validityDays: 90,
    dailyLimit: DEFAULT_DAILY_LIMIT,
  },
  {
    code: 'housing-fund',
    name: '住房公积金缴存证明',
    fields: [
      { key: 'accountNumber', label: '个人公积金账号', kind: 'text' },
      { key: 'employer', label: '缴存单位', kind: 'text' },
      { key: 'openedOn', label: '开户日期', kind: 'date' },
      { key: 'balance', label: '账户余额（元）', kind: 'number' },
      { key: 'status', label: '账户状态', kind: 'text' },
    ],
    template: {
      title: '住房公积金缴存证明',
      paragraphs: [
        '兹证明{name}（公民身份号码：{idNumber}）于{openedOn}在{employer}开立住房公积金个人账户（账号{accountNumber}），账户状态为“{status}”，截至出具之日账户余额{balance}元。',
        '{period}缴存情况如下：',
      ],
      table: {
        columns: [
          { key: 'month', label: '汇缴年月' },
          { key: 'base', label: '缴存基数（元）' },
          { key: 'employerPart', label: '单位缴存（元）' },
          { key: 'personalPart', label: '个人缴存（元）' },
        ],
        monthColumn: 'month',
      },
    },
    periods: months,
    validityDays: 30,
    dailyLimit: DEFAULT_DAILY_LIMIT,
  },
  {
    code: 'real-estate',
    name: '不动产登记信息查询结果',
    fields: [{ key: 'queryScope', label: '查询范围', kind: 'text' }],
    template: {
      title: '不动产登记信息查询结果证明',
      paragraphs: [
        '经查询{queryScope}不动产登记簿，权利人{name}（公民身份号码：{idNumber}）名下不动产登记信息如下：',
        '本查询结果仅反映出具时不动产登记簿记载的信息。',
      ],
      table: {
        columns: [
          { key: 'certificateNumber', label: '不动产权证号' },
          { key: 'location', label: '坐落' },
          { key: 'area', label: '面积（㎡）' },
          { key: 'use', label: '用途' },
          { key: 'restriction', label: '抵押/查封' },
        ],
      },
    },
    periods: [],
    validityDays: 30,
    dailyLimit: DEFAULT_DAILY_LIMIT,
  },
  {
    code: 'personal-tax',
    name: '个人纳税情况证明',
    fields: [{ key: 'taxAuthority', label: '主管税务机关', kind: 'text' }],
    template: {
      title: '中华人民共和国个人所得税纳税记录',
      paragraphs: ['纳税人{name}（公民身份号码：{idNumber}）{period}在{taxAuthority}的个人所得税纳税记录如下：'],
      table: {
        columns: [
          { key: 'month', label: '税款所属期' },
          { key: 'item', label: '所得项目' },
          { key: 'income', label: '收入额（元）' },
          { key: 'tax', label: '实缴税额（元）' },
          { key: 'withholder', label: '扣缴义务人' },
        ],
        monthColumn: 'month',
      },
    },
    periods: months,
    validityDays: 90,
    dailyLimit: DEFAULT_DAILY_LIMIT,
  },
];
