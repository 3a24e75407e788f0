import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Request } from 'express';

/**
 * What the server-rendered pages share in reading their plain forms and queries: a form's raw fields,
 * a single text value of one, the session's CSRF token for the next form, and the class-transformer
 * steps of a page's query/form DTO (an empty field means "not given"; a repeated field is an array).
 */

/** a form body or query as Express parses it (a repeated field arrives as an array) */
export type PageForm = Record<string, string | string[] | undefined>;

/** a single text value of a query or form field (repeated fields: the first) */
export function str(value: unknown): string | undefined {
  if (Array.isArray(value)) return str(value[0]);
  return typeof value === 'string' ? value : undefined;
}

/** the session's CSRF token for the forms of the page being rendered, or null */
export function csrfTokenOf(req: Request): string | null {
  return req.session?.csrfToken ?? null;
}

/** @Transform step: an empty form field means "not given" */
export const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

/** @Transform step: a field that may repeat (?a=1&a=2, ticked checkboxes) arrives once as a string */
export const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || Array.isArray(value) ? value : [value];

/** class-validator options with a German message naming the field: `<label>: <text>` */
export const fieldMessage = (label: string, text: string): { message: string } => ({
  message: `${label}: ${text}`,
});

/** the optional "seite" field of a paged list: a whole number from 1 (an empty field: the first page) */
export function PageNumberField(): PropertyDecorator {
  const message = fieldMessage('Seite', 'bitte eine ganze Zahl ab 1 angeben.');
  return applyDecorators(
    IsOptional(),
    Transform(emptyToUndefined),
    Type(() => Number),
    IsInt(message),
    Min(1, message),
    Max(100000, fieldMessage('Seite', 'höchstens 100000.')),
  );
}
