import { registrationNumber } from './registration-number.rules';

describe('registrationNumber', () => {
  it.each([
    ['0', 'EG-0'],
    ['35', 'EG-Z'],
    ['2251799813685249', 'EG-' + BigInt('2251799813685249').toString(36).toUpperCase()],
    ['9223372036854775807', 'EG-1Y2P0IJ32E8E7'],
  ])('job key %s → %s', (key, expected) => {
    expect(registrationNumber(key)).toBe(expected);
  });

  it('is the same for the same key (idempotent)', () => {
    expect(registrationNumber('2251799813685300')).toBe(registrationNumber('2251799813685300'));
  });

  it.each(['', '-1', '12a', '1.5'])('refuses %j', (key) => {
    expect(() => registrationNumber(key)).toThrow();
  });
});
