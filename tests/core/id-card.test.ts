import { describe, expect, it } from 'vitest';
import { ageOn, checkIdNumber, idBirthDate, idCheckDigit, maskIdNumber, maskName } from '../../core/id-card.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';

describe('resident ID numbers (GB 11643)', () => {
  it('computes the mod 11-2 check character of a published example', () => {
    // GB 11643-1999 appendix example: 11010519491231002X
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X').ok).toBe(true);
    expect(checkIdNumber('11010519491231002x').ok).toBe(true);
  });

  it('names what is wrong with a bad number', () => {
    expect(checkIdNumber('1101051949123100').problem).toBe('length');
    expect(checkIdNumber('11010519491231002A').problem).toBe('characters');
    expect(checkIdNumber('110105194902300021').problem).toBe('birth_date');
    expect(checkIdNumber('110105194912310021').problem).toBe('check_digit');
    expect(checkIdNumber('110105194912310021').message).toMatch(/check digit/);
  });

  it('accepts every check digit it computes, and rejects every other one', () => {
    for (let serial = 0; serial < 200; serial++) {
      const id = makeIdNumber('1988-02-29', serial);
      expect(checkIdNumber(id).ok).toBe(true);
      const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      expect(checkIdNumber(wrong).ok).toBe(false);
    }
  });

  it('reads birth date and age on a given day', () => {
    const id = makeIdNumber('1956-11-24');
    expect(idBirthDate(id)).toBe('1956-11-24');
    expect(ageOn('1956-11-24', '2026-11-23')).toBe(69);
    expect(ageOn('1956-11-24', '2026-11-24')).toBe(70);
  });

  it('masks numbers and names the way halls print them', () => {
    expect(maskIdNumber('320102198001011234')).toBe('3201**********1234');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('𬌗小明')).toBe('𬌗*明');
    expect(maskName('JOHN SMITH')).toBe('J*** S****');
  });
});
