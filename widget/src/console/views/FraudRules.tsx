// The program's fraud rules: off, flag or hold for each, and the two thresholds. Saves only what changed.
import type { FraudRuleMode, FraudRules } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, Note, useAct } from '../ui.tsx'

type ModeKey = Exclude<keyof FraudRules, 'burstClicksPerMinute' | 'minSecondsToConvert'>
const RULES: ModeKey[] = ['selfReferral', 'payoutEmail', 'partnerAddress', 'bot', 'clickBurst', 'fastConversion', 'existingCustomer']
const MODES: FraudRuleMode[] = ['off', 'flag', 'hold']
const NUMBERS = ['burstClicksPerMinute', 'minSecondsToConvert'] as const

export function FraudRulesForm() {
  const { t, stores } = useConsole()
  const settings = useStore(stores.payouts.settings.$)
  return (
    <>
      <h3>{t('fraudRules.title')}</h3>
      <p class="mut">{t('fraudRules.intro')}</p>
      <Async s={settings} retry={stores.payouts.settings.run}>
        {(s) => <Form rules={s.fraudRules} />}
      </Async>
    </>
  )
}

function Form({ rules }: { rules: FraudRules }) {
  const { t, stores } = useConsole()
  const [modes, setModes] = useState(rules)
  const [numbers, setNumbers] = useState({ burstClicksPerMinute: String(rules.burstClicksPerMinute), minSecondsToConvert: String(rules.minSecondsToConvert) })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()

  const submit = (e: Event) => {
    e.preventDefault()
    const change: Partial<FraudRules> = {}
    const bad: Record<string, string> = {}
    for (const k of RULES) if (modes[k] !== rules[k]) change[k] = modes[k]
    for (const k of NUMBERS) {
      const n = Number(numbers[k])
      if (!/^\d+$/.test(numbers[k].trim()) || n < 1) bad[k] = t('fraudRules.badNumber')
      else if (n !== rules[k]) change[k] = n
    }
    setErrors(bad)
    if (Object.keys(bad).length) return
    void act.run(async () => {
      if (Object.keys(change).length) await stores.commissions.saveFraudRules(change)
      return t('fraudRules.saved')
    })
  }

  return (
    <form class="fraud-rules" onSubmit={submit} noValidate>
      <div class="cond">
        {RULES.map((k) => (
          <Field id={`fr-${k}`} label={t(`fraudRules.${k}`)}>
            {(p) => (
              <select {...p} value={modes[k]} onChange={(e) => setModes({ ...modes, [k]: e.currentTarget.value as FraudRuleMode })}>
                {MODES.map((m) => (
                  <option value={m}>{t(`fraudMode.${m}`)}</option>
                ))}
              </select>
            )}
          </Field>
        ))}
        {NUMBERS.map((k) => (
          <Field id={`fr-${k}`} label={t(`fraudRules.${k}`)} error={errors[k]}>
            {(p) => <input {...p} inputMode="numeric" value={numbers[k]} onInput={(e) => setNumbers({ ...numbers, [k]: e.currentTarget.value })} />}
          </Field>
        ))}
      </div>
      <div class="acts">
        <button type="submit" class="btn" disabled={act.busy}>
          {t('fraudRules.save')}
        </button>
      </div>
      <Note note={act.note} />
    </form>
  )
}
