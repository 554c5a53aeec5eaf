import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { realAlarm } from '../src/alarm.js'

beforeEach(() => {
  jest.useFakeTimers()
})
afterEach(() => {
  jest.useRealTimers()
})

/** Whether a promise has settled by now: a flag set when it resolves. */
const watch = (promise: Promise<void>): (() => boolean) => {
  let rang = false
  void promise.then(() => (rang = true))
  return () => rang
}

describe('realAlarm', () => {
  it('rings once its time has passed, and not before', async () => {
    const alarm = realAlarm(1000)
    const rang = watch(alarm.rings)
    await jest.advanceTimersByTimeAsync(999)
    expect(rang()).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    expect(rang()).toBe(true)
    expect(jest.getTimerCount()).toBe(0)
  })

  it('never rings once cancelled, and leaves no timer behind', async () => {
    const alarm = realAlarm(1000)
    const rang = watch(alarm.rings)
    expect(jest.getTimerCount()).toBe(1)
    await jest.advanceTimersByTimeAsync(500)
    alarm.cancel()
    expect(jest.getTimerCount()).toBe(0)
    await jest.advanceTimersByTimeAsync(10_000)
    expect(rang()).toBe(false)
  })

  it('rings at once for no time at all', async () => {
    const rang = watch(realAlarm(0).rings)
    await jest.advanceTimersByTimeAsync(0)
    expect(rang()).toBe(true)
  })
})
