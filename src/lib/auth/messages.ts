import type {SsoInstance} from '../instance.js'

import {shellQuote} from '../shell-quote.js'

/** The login command for this instance, in the form the user chose it (profile, session or URL). */
export function loginCommandFor(instance: SsoInstance, profile?: string): string {
  if (profile !== undefined) return `aws-sso-util login --profile ${shellQuote(profile)}`
  if (instance.sessionName) return `aws-sso-util login --sso-session ${shellQuote(instance.sessionName)}`
  return `aws-sso-util login ${shellQuote(instance.startUrl)} ${instance.region}`
}

/** `2026-11-26 17:42 CET`: local time, as people read it off a clock; minutes are precise enough. */
export function formatLocalTime(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`
}
