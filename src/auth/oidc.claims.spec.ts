import { claimValues, profileFromClaims } from './oidc.claims';

const names = { rolesClaim: 'roles', unitsClaim: 'groups' };

describe('profileFromClaims', () => {
  it.each([
    ['array claims', { roles: ['caseworker'], groups: ['ABH'] }, ['caseworker'], ['ABH']],
    [
      'space or comma separated strings',
      { roles: 'caseworker team-lead', groups: 'abh,LG' },
      ['caseworker', 'team-lead'],
      ['ABH', 'LG'],
    ],
    [
      'unknown values ignored, duplicates once',
      { roles: ['caseworker', 'chef', 'caseworker'], groups: ['ABH', 'XYZ', 'abh'] },
      ['caseworker'],
      ['ABH'],
    ],
    ['an admin needs no unit', { roles: ['admin'] }, ['admin'], []],
  ])('accepts %s', (_label, claims, roles, units) => {
    const result = profileFromClaims({ sub: 's-1', ...claims }, names);
    expect(result).toMatchObject({ ok: true, profile: { subject: 's-1', roles, units } });
  });

  it.each([
    ['no subject', { roles: ['caseworker'], groups: ['ABH'] }, 'no-subject'],
    ['no known role', { sub: 's', roles: ['chef'], groups: ['ABH'] }, 'no-role'],
    ['no role claim', { sub: 's', groups: ['ABH'] }, 'no-role'],
    ['no known unit', { sub: 's', roles: ['caseworker'], groups: ['XYZ'] }, 'no-unit'],
  ])('refuses %s with a German message', (_label, claims, reason) => {
    const result = profileFromClaims(claims, names);
    expect(result).toMatchObject({
      ok: false,
      reason,
      message: expect.stringMatching(/^(Anmeldung abgelehnt|Der Identitätsanbieter)/),
    });
  });

  it('takes username and name from the standard claims', () => {
    const claims = { sub: 'x', roles: 'caseworker', groups: 'JC' };
    expect(profileFromClaims({ ...claims, preferred_username: 'Max.M', name: 'Max M' }, names)).toMatchObject(
      {
        profile: { username: 'max.m', displayName: 'Max M' },
      },
    );
    expect(
      profileFromClaims({ ...claims, email: 'e@stadt.de', given_name: 'E', family_name: 'F' }, names),
    ).toMatchObject({
      profile: { username: 'e@stadt.de', displayName: 'E F' },
    });
    expect(profileFromClaims(claims, names)).toMatchObject({
      profile: { username: 'oidc-x', displayName: 'oidc-x' },
    });
  });

  it('reads claim values leniently', () => {
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues([1, 'a'])).toEqual(['a']);
  });
});
