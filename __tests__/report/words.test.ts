import { describe, expect, it } from '@jest/globals'
import { plural, theOthersWereSent } from '../../src/report/words.js'

describe('plural', () => {
  it('counts one thing in the singular and any other number in the plural', () => {
    expect(plural(1, 'target')).toBe('1 target')
    expect(plural(0, 'target')).toBe('0 targets')
    expect(plural(2, 'certificate')).toBe('2 certificates')
  })
  it('takes an irregular plural', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry')
    expect(plural(3, 'entry', 'entries')).toBe('3 entries')
  })
})

describe('theOthersWereSent', () => {
  it('says the other was sent, or the others were', () => {
    expect(theOthersWereSent(1)).toBe('the other was sent')
    expect(theOthersWereSent(2)).toBe('the others were sent')
    expect(theOthersWereSent(40)).toBe('the others were sent')
  })
  it('is empty when no other is left', () => {
    expect(theOthersWereSent(0)).toBe('')
    expect(theOthersWereSent(-1)).toBe('')
  })
})
