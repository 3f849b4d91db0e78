// Generates, offline, a tiny BERT-shaped feature-extraction model in the layout
// transformers.js expects (<root>/<id>/{config.json, tokenizer.json, tokenizer_config.json, onnx/*.onnx}),
// so embedder tests never need Hugging Face. The ONNX file is written by a minimal
// protobuf encoder below (only the ModelProto fields the graph needs).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

// Vietnamese syllables in folded form (the normalizer lowercases, strips tones and maps đ→d).
const VI = `giao duc dao tao tre em suy dinh duong an ninh truong hoc cong quan chi tieu ke hoach nam
  mam non tieu trung pho thong gia dinh xa hoi phat trien nang cao chat luong ty le phan tram
  hoc sinh sinh vien giao vien can bo nhan dan tinh huyen thanh pho uy ban so phong muc thuc hien
  bao dam tang giam dat duoc tren duoi cac nhung mot hai ba bon sau bay tam chin muoi tram nghin
  ve va cua cho voi trong ngoai theo den tu nay do khi neu thi la co khong da se dang
  ky thi tot nghiep tuyen sinh lop hoc phi mien ho tro chinh sach doi moi chuong trinh sach
  chuyen doi so hoa cong nghe thong tin ha tang co so vat chat thiet bi day hoc kiem dinh chuan
  quoc gia dia phuong vung kho khan dan toc thieu so ban tru noi tru bo ngu van toan tieng anh
  the chat suc khoe y te ve sinh moi truong an toan thuc pham bua trua dinh ky can nang chieu cao
  thap coi gay com tai chinh ngan sach dau tu xay dung sua chua kien co phong chong dich benh
  dao duc loi song ky nang hoat dong trai nghiem huong nghiep nghe nghiep lao dong viec lam
  danh gia xep loai khen thuong thi dua ket qua bao cao tong ket nhiem vu giai phap trong tam`;
const EN = `the a an of to in and or for on with by is are be was plan plans education school schools
  student students teacher teachers child children nutrition security safety health food quality rate
  percent year goal goals target targets budget program training digital exam graduation enrollment
  kindergarten primary secondary high province city district weather football music guitar ocean
  mountain river pizza coffee bicycle rocket planet galaxy violin tennis banana`;

function vocabulary(): string[] {
  const words = new Set<string>();
  for (const w of `${VI} ${EN}`.split(/\s+/)) if (w) words.add(w);
  const digits = '0123456789'.split('');
  const punct = '.,;:!?()%-/'.split('');
  // Letters and ##-continuations let WordPiece spell out words that are not in the list.
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  return [...SPECIAL, ...punct, ...digits, ...digits.map((d) => `##${d}`), ...letters, ...letters.map((l) => `##${l}`), ...words];
}

// ---------- minimal protobuf encoder (proto3 wire format) ----------
type Field = Uint8Array;
const enc = new TextEncoder();

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n)); // negative int64 → two's complement, as protobuf does
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const concat = (parts: Uint8Array[]) => Buffer.concat(parts);
const int = (field: number, n: number | bigint): Field => Uint8Array.from([...tag(field, 0), ...varint(n)]);
function bytes(field: number, data: Uint8Array): Field {
  return concat([Uint8Array.from([...tag(field, 2), ...varint(data.length)]), data]);
}
const str = (field: number, s: string) => bytes(field, enc.encode(s));
const msg = (field: number, parts: Field[]) => bytes(field, concat(parts));

// ---------- ONNX messages (field numbers from onnx.proto) ----------
const FLOAT = 1;
const INT64 = 7;

function tensor(name: string, dataType: number, dims: number[], raw: Uint8Array): Field[] {
  // TensorProto: dims=1, data_type=2, name=8, raw_data=9
  return [...dims.map((d) => int(1, d)), int(2, dataType), str(8, name), bytes(9, raw)];
}
function valueInfo(field: number, name: string, elemType: number, dims: (string | number)[]): Field {
  // ValueInfoProto{name=1, type=2} → TypeProto{tensor_type=1} → {elem_type=1, shape=2} → TensorShapeProto{dim=1} → {dim_value=1 | dim_param=2}
  const dimFields = dims.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
  return msg(field, [str(1, name), msg(2, [msg(1, [int(1, elemType), msg(2, dimFields)])])]);
}
function node(opType: string, inputs: string[], outputs: string[], attrs: Field[] = []): Field {
  // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5
  return msg(1, [...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${opType}_${outputs[0]}`), str(4, opType), ...attrs]);
}
const intAttr = (name: string, v: number) => msg(5, [str(1, name), int(3, v), int(20, 2 /* INT */)]);

/** last_hidden_state = (word_emb[input_ids] + type_emb[token_type_ids]) * attention_mask[..., None] */
function onnxModel(wordEmb: Float32Array, typeEmb: Float32Array, vocab: number, hidden: number): Uint8Array {
  const f32 = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const axes = new Uint8Array(new BigInt64Array([-1n]).buffer);
  const graph: Field[] = [
    node('Gather', ['word_embeddings', 'input_ids'], ['words']),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types']),
    node('Add', ['words', 'types'], ['summed']),
    node('Cast', ['attention_mask'], ['mask_f'], [intAttr('to', FLOAT)]),
    node('Unsqueeze', ['mask_f', 'unsqueeze_axes'], ['mask3']), // opset 13: axes is an input
    node('Mul', ['summed', 'mask3'], ['last_hidden_state']),
    str(2, 'tiny_bert'),
    msg(5, tensor('word_embeddings', FLOAT, [vocab, hidden], f32(wordEmb))),
    msg(5, tensor('token_type_embeddings', FLOAT, [2, hidden], f32(typeEmb))),
    msg(5, tensor('unsqueeze_axes', INT64, [1], axes)),
    valueInfo(11, 'input_ids', INT64, ['batch_size', 'sequence_length']),
    valueInfo(11, 'attention_mask', INT64, ['batch_size', 'sequence_length']),
    valueInfo(11, 'token_type_ids', INT64, ['batch_size', 'sequence_length']),
    valueInfo(12, 'last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden]),
  ];
  // ModelProto: ir_version=1, producer_name=2, graph=7, opset_import=8 {domain=1, version=2}
  return concat([int(1, 8), str(2, 'planbot-tiny-model'), msg(7, graph), msg(8, [str(1, ''), int(2, 13)])]);
}

// mulberry32: small seeded PRNG so the embedding table (and every vector) is reproducible.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function makeTinyModel(
  rootDir: string,
  opts: { id?: string; hidden?: number; quantizedOnly?: boolean } = {},
): Promise<{ root: string; modelDir: string; id: string }> {
  const id = opts.id ?? 'test/tiny-bert';
  const hidden = opts.hidden ?? 32;
  const tokens = vocabulary();
  const modelDir = path.join(rootDir, ...id.split('/'));
  await mkdir(path.join(modelDir, 'onnx'), { recursive: true });

  const rand = prng(1234);
  const wordEmb = Float32Array.from({ length: tokens.length * hidden }, () => rand() * 2 - 1);
  wordEmb.fill(0, 0, hidden); // [PAD] row is zero
  // Small type embeddings: consumed by the graph but do not swamp word identity.
  const typeEmb = Float32Array.from({ length: 2 * hidden }, () => (rand() * 2 - 1) * 0.05);

  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: hidden,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: hidden,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: tokens.length,
    pad_token_id: 0,
  };
  const special = (t: string) => ({ id: tokens.indexOf(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    // NFD accent stripping leaves đ intact, so map it first: "Đào tạo" → "dao tao", like src/corpus/fold.ts.
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Replace', pattern: { Regex: '[đĐ]' }, content: 'd' },
        { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
      ],
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [tokens.indexOf(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(tokens.map((t, i) => [t, i])),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    strip_accents: true,
    model_max_length: 512, // transformers.js truncates to this; it must be present
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
  };

  const onnx = onnxModel(wordEmb, typeEmb, tokens.length, hidden);
  await writeFile(path.join(modelDir, 'config.json'), JSON.stringify(config, null, 2));
  await writeFile(path.join(modelDir, 'tokenizer.json'), JSON.stringify(tokenizer));
  await writeFile(path.join(modelDir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  await writeFile(path.join(modelDir, 'onnx', 'model_quantized.onnx'), onnx);
  if (!opts.quantizedOnly) await writeFile(path.join(modelDir, 'onnx', 'model.onnx'), onnx);
  return { root: rootDir, modelDir, id };
}
