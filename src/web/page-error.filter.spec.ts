import { BadRequestException, HttpStatus } from '@nestjs/common';
import { CsrfTokenInvalidError, ForbiddenRoleError } from '../auth/auth.errors';
import { ConflictError, NotFoundError } from '../common/errors/domain.error';
import { pageErrorOf } from './page-error.filter';

/** What the German error page of a page request says, per kind of error. */
describe('pageErrorOf', () => {
  it.each([
    [new CsrfTokenInvalidError(), 403, 'Sicherheitsprüfung fehlgeschlagen', 'es wurde nichts geändert'],
    [new ForbiddenRoleError(), 403, 'Kein Zugriff', 'Für diese Aktion fehlt Ihnen die Berechtigung.'],
    [new NotFoundError('Person not found'), 404, 'Nicht gefunden', 'Das Gesuchte gibt es nicht (mehr).'],
    [
      new ConflictError('Die Wiedervorlage ist bereits erledigt.'),
      409,
      'Das ist nicht möglich',
      'bereits erledigt',
    ],
  ])('%p → %i %s', (error, status, heading, text) => {
    const page = pageErrorOf(error);
    expect(page).toMatchObject({ status, heading });
    expect(page?.text).toContain(text);
  });

  it('names each invalid field once, in German, also a field no form has', () => {
    const page = pageErrorOf(
      new BadRequestException([
        'Fällig von: bitte ein gültiges Datum angeben (TT.MM.JJJJ).',
        'Fällig von: bitte ein gültiges Datum angeben (TT.MM.JJJJ).',
        'property extra should not exist',
      ]),
    );
    expect(page).toMatchObject({ status: HttpStatus.BAD_REQUEST, heading: 'Ungültige Eingabe' });
    expect(page?.text).toBe(
      'Die Angaben konnten nicht verarbeitet werden; es wurde nichts geändert. ' +
        'Fällig von: bitte ein gültiges Datum angeben (TT.MM.JJJJ). extra: Dieses Feld gibt es im Formular nicht.',
    );
  });

  it('leaves anything else to the global filter', () => {
    expect(pageErrorOf(new Error('boom'))).toBeNull();
  });
});
