import { TONES, toneLabel, type ToneId } from './tones';

/** The tones as <option>s, in menu order with the menu's labels (all of them, or `only` these). */
export function ToneOptions({ only }: { only?: readonly ToneId[] }) {
  return (
    <>
      {TONES.filter((tone) => !only || only.includes(tone.id)).map((tone) => (
        <option key={tone.id} value={tone.id}>
          {toneLabel(tone.id)}
        </option>
      ))}
    </>
  );
}
