/** Text → vectors, for knowledge-base retrieval. */
export interface Embeddings {
  readonly provider: string;
  /** The model's name is stored with each vector: vectors of different models are never compared. */
  readonly model: string;
  /** One vector per text, in order. Throws ProviderError. */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}
