// The language picker staff and visitors see: 简体 / 繁體 / EN.
import { LANGS, useLang, type Lang } from './i18n.ts';

const NAMES: Record<Lang, string> = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'EN' };

export function LangSwitch({ className = 'lang' }: { className?: string }) {
  const { lang, setLang } = useLang();
  return (
    <select className={className} value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label="language">
      {LANGS.map((l) => (
        <option key={l} value={l}>
          {NAMES[l]}
        </option>
      ))}
    </select>
  );
}
