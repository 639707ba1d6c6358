// The demo hall's certificate records (证明打印) for the device simulator's sample cards, pushed as an integrator would.
import type { HallClient } from '../client/hall-client.ts';
import type { CardIdentity } from '../drivers/index.ts';
import { hallDay } from '../core/time.ts';

type Row = Record<string, string | number>;

/** The `n` months up to and including the current one, oldest first, as YYYY-MM. */
function lastMonths(n: number, today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + m - 1 - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function socialInsurance(base: number, months: string[]): Row[] {
  return months.map((month, i) => {
    // The contribution base rises once a year.
    const b = base + Math.floor(i / 12) * 300;
    return { month, base: b, pension: round2(b * 0.08), medical: round2(b * 0.02), unemployment: round2(b * 0.005) };
  });
}

function housingFund(base: number, months: string[]): Row[] {
  return months.map((month) => ({ month, base, employerPart: round2(base * 0.12), personalPart: round2(base * 0.12) }));
}

function tax(income: number, withholder: string, months: string[]): Row[] {
  return months.map((month) => ({ month, item: '工资薪金所得', income, tax: round2(Math.max(0, income - 5000 - 2000) * 0.03), withholder }));
}

export async function seedCertificateRecords(
  admin: HallClient,
  cards: Record<string, { identity: CardIdentity }>,
  today: string = hallDay(Date.now(), 'Asia/Shanghai'),
): Promise<number> {
  const months = (n: number) => lastMonths(n, today);
  const person = (key: string) => {
    const card = cards[key]?.identity;
    return card && card.kind === 'resident' ? { idCardNumber: card.idNumber, name: card.name } : null;
  };
  const records: { who: string; type: string; data: Row; rows?: Row[] }[] = [
    {
      who: 'zhang',
      type: 'social-insurance',
      data: { insuredPlace: '南京市玄武区', employer: '南京紫金山软件有限公司', firstInsuredOn: '2012-07-01', status: '正常参保' },
      rows: socialInsurance(9200, months(36)),
    },
    {
      who: 'zhang',
      type: 'housing-fund',
      data: { accountNumber: '320100045678912', employer: '南京紫金山软件有限公司', openedOn: '2012-08-15', balance: 86420.35, status: '正常缴存' },
      rows: housingFund(9800, months(36)),
    },
    { who: 'zhang', type: 'personal-tax', data: { taxAuthority: '国家税务总局南京市玄武区税务局' }, rows: tax(13500, '南京紫金山软件有限公司', months(24)) },
    {
      who: 'wang',
      type: 'social-insurance',
      data: { insuredPlace: '南京市玄武区', employer: '南京市第二纺织厂（已退休）', firstInsuredOn: '1992-01-01', status: '退休' },
      rows: socialInsurance(4100, months(12)).map((r) => ({ ...r, pension: 0, unemployment: 0 })),
    },
    {
      who: 'wang',
      type: 'real-estate',
      data: { queryScope: '南京市' },
      rows: [
        { certificateNumber: '苏(2016)南京市不动产权第0034567号', location: '玄武区北京东路41号3幢502室', area: 76.42, use: '住宅', restriction: '无' },
        { certificateNumber: '苏(2019)南京市不动产权第0120045号', location: '秦淮区中山南路188号地下车位B-117', area: 13.2, use: '车位', restriction: '无' },
      ],
    },
    {
      who: 'rare',
      type: 'housing-fund',
      data: { accountNumber: '320100098765431', employer: '江苏长江工程设计院', openedOn: '2009-03-01', balance: 152880.6, status: '正常缴存' },
      rows: housingFund(12600, months(36)),
    },
    {
      who: 'rare',
      type: 'real-estate',
      data: { queryScope: '南京市' },
      rows: [
        { certificateNumber: '苏(2021)南京市不动产权第0098123号', location: '建邺区江东中路266号7幢1801室', area: 118.6, use: '住宅', restriction: '抵押' },
      ],
    },
    { who: 'rare', type: 'personal-tax', data: { taxAuthority: '国家税务总局南京市建邺区税务局' }, rows: tax(18800, '江苏长江工程设计院', months(12)) },
  ];
  let stored = 0;
  for (const r of records) {
    const p = person(r.who);
    if (!p) continue;
    await admin.request('PUT', '/api/v1/certificate-records', { type: r.type, ...p, data: r.data, ...(r.rows ? { rows: r.rows } : {}) });
    stored++;
  }
  return stored;
}
