/** A timer that can be cancelled, so that a deadline holds even while a request hangs (waits race it). */
export type Alarm = (ms: number) => { rings: Promise<void>; cancel: () => void }

/** A real timer; it does not keep the process alive once cancelled. */
export const realAlarm: Alarm = (ms) => {
  let timer: NodeJS.Timeout | undefined
  const rings = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))
  return { rings, cancel: () => clearTimeout(timer) }
}
