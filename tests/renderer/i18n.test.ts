// Every visitor page speaks the four languages of the park portal: no key may fall back to zh-CN in ja, zh-TW or en.
import { describe, expect, it } from 'vitest';
import { messages as displayMessages } from '../../renderer/display/messages.ts';
import { certificateMessages } from '../../renderer/kiosk/certificate-messages.ts';
import { caseMessages } from '../../renderer/shared/case-messages.ts';
import { kioskMessages } from '../../renderer/kiosk/messages.ts';
import { messages as phoneMessages } from '../../renderer/m/messages.ts';
import { bookingMessages } from '../../renderer/m/booking-messages.ts';
import { messages as rateMessages } from '../../renderer/rate/messages.ts';
import { errorMessages, LANGS, localName } from '../../renderer/shared/i18n.ts';
import { pairingMessages } from '../../renderer/shared/pairing-messages.ts';
import { matterMessages } from '../../renderer/shared/matter-messages.ts';
import { prefilingMessages } from '../../renderer/kiosk/prefiling-messages.ts';

const visitorDictionaries: Record<string, Partial<Record<string, Record<string, string>>>> = {
  kiosk: kioskMessages,
  'kiosk certificates': certificateMessages,
  'cases (kiosk 进度查询, phone)': caseMessages,
  display: displayMessages,
  rate: rateMessages,
  m: phoneMessages,
  'm booking': bookingMessages,
  errors: errorMessages,
  pairing: pairingMessages,
  'service guide': matterMessages,
  'kiosk 自助申报': prefilingMessages,
};

describe('visitor pages in every language', () => {
  for (const [app, dict] of Object.entries(visitorDictionaries)) {
    it(`${app}: every zh-CN key has a non-empty text in ${LANGS.join(', ')}`, () => {
      const keys = Object.keys(dict['zh-CN']!);
      for (const lang of LANGS) {
        const missing = keys.filter((k) => !dict[lang]?.[k]?.trim());
        expect({ app, lang, missing }).toEqual({ app, lang, missing: [] });
      }
    });
    it(`${app}: placeholders are the same in every language`, () => {
      const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [key, text] of Object.entries(dict['zh-CN']!)) {
        for (const lang of LANGS) {
          const other = dict[lang]?.[key];
          if (other) expect({ app, lang, key, slots: slots(other) }).toEqual({ app, lang, key, slots: slots(text) });
        }
      }
    });
  }
});

describe('localName', () => {
  it('uses the translation for the language, zh-CN otherwise, and falls back on a missing or blank one', () => {
    const names = { en: 'Business registration', 'zh-TW': '企業開辦', ja: ' ' };
    expect(localName('en', '企业开办', names)).toBe('Business registration');
    expect(localName('zh-TW', '企业开办', names)).toBe('企業開辦');
    expect(localName('ja', '企业开办', names)).toBe('企业开办');
    expect(localName('zh-CN', '企业开办', names)).toBe('企业开办');
    expect(localName('en', '企业开办', undefined)).toBe('企业开办');
  });
});
