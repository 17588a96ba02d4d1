import { countTokens, decode, encode } from 'gpt-tokenizer/encoding/cl100k_base';

/** Token arithmetic for knowledge bases; cl100k_base is the encoding of OpenAI's embedding models. */
export interface Tokenizer {
  count(text: string): number;
  encode(text: string): number[];
  decode(tokens: number[]): string;
}

export const cl100kTokenizer: Tokenizer = {
  count: (text) => countTokens(text),
  encode: (text) => encode(text),
  decode: (tokens) => decode(tokens),
};
