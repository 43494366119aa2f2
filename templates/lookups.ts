/**
 * What the template writers need from the reference data: the dropdown lists of code-valued
 * columns. The pipeline's `Reference` fits this shape; templates never import the pipeline.
 */
export interface TemplateLookups {
  readonly grades: readonly { readonly code: string }[];
  readonly disabilities: readonly { readonly name_th: string }[];
  readonly disadvantages: readonly { readonly name_th: string }[];
  readonly laoTypes: readonly { readonly abbr_th: string }[];
}
