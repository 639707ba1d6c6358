// Parsing the card's text block: every layout, rare characters, validity, codes, and refusals.
import { describe, expect, it } from 'vitest';
import { encodeIdCard, IdReaderError, KNOWN_SW3_ERRORS, parseIdCard, sw3Error, type CardIdentity } from '../../drivers/index.ts';
import { foreigner2017, foreigner2023, hkPermit, residentMinorityRare, residentOuyang, residentZhang, withCheckDigit } from './fixtures.ts';

const parse = (identity: CardIdentity) => {
  const { text, photo } = encodeIdCard(identity);
  return parseIdCard(text, photo);
};
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as IdReaderError;
  }
  throw new Error('expected a refusal');
};

describe('resident card', () => {
  it('parses every field, with nation and gender codes as names', () => {
    const card = parse(residentZhang);
    expect(card).toMatchObject({
      kind: 'resident',
      name: { text: '张小三', display: '张小三', rareCharacters: [] },
      gender: { code: '1', zh: '男', en: 'male' },
      nation: { code: '01', name: '汉' },
      birthDate: '1990-03-07',
      address: '江苏省南京市玄武区北京东路41号',
      authority: '南京市公安局玄武分局',
      validFrom: '2020-01-01',
      validTo: '2040-01-01',
    });
  });

  it('keeps the photo bytes raw', () => {
    const photo = new Uint8Array(1024).map((_, i) => (i * 7) & 0xff);
    const card = parse({ ...residentZhang, photo } as CardIdentity);
    expect([...card.photo]).toEqual([...photo]);
  });

  it('reads a 4-character name, 长期 validity and a minority nation', () => {
    expect(parse(residentOuyang)).toMatchObject({
      name: { display: '欧阳小明' },
      validTo: 'long_term',
      gender: { zh: '女' },
      nation: { name: '回' },
    });
  });

  it('flags a rare character stored in the Private Use Area, shows a placeholder and keeps the stored text', () => {
    const card = parse(residentMinorityRare);
    if (card.kind !== 'resident') throw new Error(card.kind);
    expect(card.name.text).toBe('阿依\uE80C丽·买买提');
    expect(card.name.display).toBe('阿依□丽·买买提');
    expect(card.name.rareCharacters).toEqual([{ index: 2, codePoint: 'U+E80C' }]);
    expect(card.nation.name).toBe('维吾尔');
  });

  it('maps codes 97 and 98, and leaves unknown nation codes unnamed rather than guessing', () => {
    expect(parse({ ...residentZhang, nation: '98' } as CardIdentity)).toMatchObject({ nation: { name: '外国血统中国籍人士' } });
    expect(parse({ ...residentZhang, nation: '77' } as CardIdentity)).toMatchObject({ nation: { code: '77', name: null } });
  });

  it('refuses an ID number whose check digit is wrong', () => {
    const good = residentZhang.kind === 'resident' ? residentZhang.idNumber : '';
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(refusal(() => parse({ ...residentZhang, idNumber: bad } as CardIdentity))).toMatchObject({ code: 'bad_id_number' });
  });

  it('refuses impossible dates and gender codes', () => {
    expect(refusal(() => parse({ ...residentZhang, validTo: '20400231' } as CardIdentity)).code).toBe('bad_card_data');
    const { text, photo } = encodeIdCard(residentZhang);
    text.write('7', 30, 'utf16le');
    expect(refusal(() => parseIdCard(text, photo)).code).toBe('bad_card_data');
  });
});

describe('permits', () => {
  it('parses a Hong Kong / Macau / Taiwan residence permit (J)', () => {
    expect(parse(hkPermit)).toMatchObject({
      kind: 'hk_macau_taiwan',
      name: { display: '陈大文' },
      idNumber: withCheckDigit('81000019880808001'),
      passNumber: 'H12345678',
      issueCount: 1,
      validTo: '2024-01-01',
    });
  });

  it('parses a 2017 foreigner permanent residence card (I)', () => {
    expect(parse(foreigner2017)).toMatchObject({
      kind: 'foreigner_2017',
      englishName: 'SMITH, JOHN',
      chineseName: { display: '约翰' },
      permitNumber: 'CAN110075050101',
      nationality: 'CAN',
      birthDate: '1975-05-01',
      version: '17',
      authorityCode: '1500',
      gender: { en: 'male' },
    });
  });

  it('refuses the 2023 foreigner card (Y) and unknown kinds with an unsupported-card error, never a misparse', () => {
    const y = refusal(() => parse(foreigner2023));
    expect(y).toBeInstanceOf(IdReaderError);
    expect(y.code).toBe('unsupported_card');
    const { text, photo } = encodeIdCard(residentZhang);
    text.write('Z', 248, 'utf16le');
    expect(refusal(() => parseIdCard(text, photo)).code).toBe('unsupported_card');
  });
});

describe('encoder', () => {
  it('builds the 256-byte text block and 1,024-byte photo, refusing what a card cannot hold', () => {
    const { text, photo } = encodeIdCard(residentZhang);
    expect(text).toHaveLength(256);
    expect(photo).toHaveLength(1024);
    expect(text.subarray(0, 6).toString('utf16le')).toBe('张小三');
    expect(() => encodeIdCard({ ...residentZhang, name: '𬌗小明' } as CardIdentity)).toThrow(/Private Use Area/);
    expect(() => encodeIdCard({ ...residentZhang, name: '一二三四五六七八九十一二三四五六' } as CardIdentity)).toThrow(/longer/);
  });
});

describe('SW3 status table', () => {
  it('maps every documented SW3 code to its own typed error with zh-CN and en messages', () => {
    const documented = [0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81];
    expect([...KNOWN_SW3_ERRORS].sort()).toEqual([...documented].sort());
    const errors = documented.map(sw3Error);
    expect(new Set(errors.map((e) => e.code)).size).toBe(documented.length);
    for (const error of errors) {
      expect(error).toBeInstanceOf(IdReaderError);
      expect(error.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(error.en).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(sw3Error(0x77)).toMatchObject({ code: 'unknown_status', sw3: 0x77 });
  });
});
