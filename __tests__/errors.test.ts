import { describe, expect, it } from '@jest/globals'
import { InputProblem, InvalidInputs, errorMessage } from '../src/errors.js'

describe('errors', () => {
  it('name themselves, and list every problem of the inputs, one a line', () => {
    expect(new InputProblem('order-id: bad').name).toBe('InputProblem')
    const invalid = new InvalidInputs(['order-id: bad', 'region: bad'])
    expect(invalid.name).toBe('InvalidInputs')
    expect(invalid.problems).toEqual(['order-id: bad', 'region: bad'])
    expect(invalid.message).toBe('order-id: bad\nregion: bad')
  })

  it("give an error's message, or the text of anything else thrown", () => {
    expect(errorMessage(new Error('socket hang up'))).toBe('socket hang up')
    expect(errorMessage({ message: 'from a plain object' })).toBe('from a plain object')
    expect(errorMessage({ message: 42 })).toBe('[object Object]')
    expect(errorMessage('a string')).toBe('a string')
    expect(errorMessage(null)).toBe('null')
    expect(errorMessage(undefined)).toBe('undefined')
  })
})
