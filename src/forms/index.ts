export {
  validateFormData,
  formFieldKeys,
  type FormSchema,
  type FormComponent,
  type FieldError,
  type FormValidationResult,
} from './form-validation';
export { loadForms } from './forms.repository';
