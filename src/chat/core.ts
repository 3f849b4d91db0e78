// The platform-neutral chat handler: one message or button press in, replies out. Adapters
// (Telegram, Zalo, the web page) turn their updates into a ChatInput and render the ChatResponse;
// everything planbot says in a chat is decided here.
import type { Logger } from 'pino';
import type { Store } from '../store/repository.js';
import type { ChatRef, ChatType } from '../store/chats.js';
import { QuestionError, MAX_QUESTION_CHARS, type Answerer } from '../answer/answerer.js';
import type { Answer } from '../answer/compose.js';
import { resolveCallback, type CallbackPayload } from '../channels/callbacks.js';
import { COMMANDS, parseCommand, type CommandName } from './commands.js';
import { label, rows, textReply, type Button, type ChatReply, type ChatResponse } from '../channels/replies.js';
import { clauseView, deadlinesView, docPartsView, docsView } from './views.js';
import { mySubscriptions, subscribe, subscribeCommand, unsubscribeById, unsubscribeCommand } from './subscriptions.js';
import { ADMIN_REFUSAL, isAdmin, reindexCommand, statsCommand, type Reindexer } from './admin.js';

export interface ChatInput {
  platform: string;
  chatId: string;
  chatType: ChatType;
  userId: string;
  userName: string | null;
  /** A message's text (a command or a question); the adapter has already removed a leading @mention of the bot. */
  text?: string;
  /** The data of a pressed button (`k:<key>`, see callbacks.ts). */
  callback?: string;
  /** Something other than text that planbot cannot read. */
  media?: 'sticker' | 'photo' | 'voice' | 'audio' | 'video' | 'other';
  /** A file sent to the bot; bytes are fetched only when the sender may upload. */
  document?: { fileName: string; size?: number; download: () => Promise<Buffer> };
}

/** Hands an uploaded plan to the indexer and says what happened (src/chat/upload.ts); for a scan, at once that OCR started, and `later` the result. */
export type UploadHandler = (fileName: string, bytes: Buffer) => Promise<ChatReply | { reply: ChatReply; later: Promise<ChatReply[]> }>;

export interface ChatCoreOptions {
  store: Store;
  answerer: Answerer;
  semantic: { embedder: unknown; reason: string | null };
  /** PLANBOT_ADMINS. */
  admins: string[];
  reindexer?: Reindexer;
  upload?: UploadHandler;
  /** The web chat's address when it serves calendar feeds: subscription replies link the feed. */
  calendarUrl?: string | null;
  /** The clock for "upcoming" deadlines; injectable for tests. */
  now?: () => Date;
  logger?: Logger;
}

/** Longer messages are not read as a question at all (the limit; the answerer takes at most MAX_QUESTION_CHARS). */
export const CHAT_TEXT_LIMIT = 2000;

/** Three questions the plans answer, offered as tap-to-ask buttons under /huongdan. */
export const EXAMPLE_QUESTIONS = [
  'Chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024 là bao nhiêu?',
  'Ai chịu trách nhiệm an ninh trường học?',
  'Who is responsible for school security in Hong Bang?',
];

const ONE_QUESTION = (n: number) => `Tin nhắn dài ${n} ký tự. Xin hỏi từng câu một, ngắn gọn (tối đa ${MAX_QUESTION_CHARS} ký tự).`;

const MEDIA_REPLY = 'planbot chỉ đọc tin nhắn chữ: hãy gõ câu hỏi (ảnh, nhãn dán, tin nhắn thoại và video chưa được hỗ trợ).';

export class ChatCore {
  private readonly now: () => Date;

  constructor(private readonly o: ChatCoreOptions) {
    this.now = o.now ?? (() => new Date());
  }

  get store(): Store {
    return this.o.store;
  }

  isAdmin(input: Pick<ChatInput, 'platform' | 'chatId' | 'userId'>): boolean {
    return isAdmin(this.o.admins, input);
  }

  /** Handles one input. Never throws for the sender's sake: an unexpected failure is logged and apologised for. */
  async handle(input: ChatInput): Promise<ChatResponse> {
    try {
      await this.o.store.chats.touchChat({ platform: input.platform, chatId: input.chatId, chatType: input.chatType, userId: input.userId, userName: input.userName });
      if (input.callback !== undefined) return await this.pressed(input, input.callback);
      if (input.document) {
        const r = await this.uploaded(input, input.document);
        return 'later' in r ? { replies: [r.reply], later: r.later } : { replies: [r] };
      }
      if (input.media) return { replies: [textReply(MEDIA_REPLY)] };
      const text = (input.text ?? '').trim();
      if (!text) return { replies: [] };
      const cmd = parseCommand(text);
      if (cmd) {
        if (!cmd.spec) return { replies: [textReply(`planbot không có lệnh /${cmd.word}. Gõ /huongdan để xem các lệnh.`)] };
        if (cmd.spec.admin && !this.isAdmin(input)) return { replies: [textReply(ADMIN_REFUSAL)] };
        return { replies: [await this.command(input, cmd.spec.name, cmd.args)] };
      }
      return { replies: [await this.question(input, text)] };
    } catch (err) {
      this.o.logger?.error({ err, platform: input.platform, chatId: input.chatId }, 'chat input failed');
      return { replies: [textReply('Xin lỗi, planbot gặp lỗi khi xử lý tin nhắn này. Vui lòng thử lại sau ít phút.')] };
    }
  }

  private command(input: ChatInput, name: CommandName, args: string): Promise<ChatReply> {
    const who: ChatRef = { platform: input.platform, chatId: input.chatId };
    switch (name) {
      case 'help':
        return this.help(input.chatType);
      case 'clause':
        return clauseView(this.o.store, args);
      case 'docs':
        return docsView(this.o.store);
      case 'deadlines':
        return deadlinesView(this.o.store, args, this.now());
      case 'subscribe':
        return subscribeCommand(this.o.store, who, args, this.o.calendarUrl ?? null);
      case 'unsubscribe':
        return unsubscribeCommand(this.o.store, who, args);
      case 'mysubs':
        return mySubscriptions(this.o.store, who);
      case 'feedback':
        return this.feedback(input, args);
      case 'reindex':
        return this.o.reindexer ? reindexCommand(this.o.reindexer) : Promise.resolve(textReply('Lập chỉ mục từ chat không được bật ở máy chủ này.'));
      case 'stats':
        return statsCommand(this.o.store, this.o.semantic);
    }
  }

  private async pressed(input: ChatInput, data: string): Promise<ChatResponse> {
    const action = await resolveCallback(this.o.store, data);
    if (!action) return { replies: [], notice: 'Nút này không còn dùng được; hãy gửi lại lệnh.' };
    return this.act(input, action);
  }

  private async act(input: ChatInput, a: CallbackPayload): Promise<ChatResponse> {
    const who: ChatRef = { platform: input.platform, chatId: input.chatId };
    switch (a.t) {
      case 'clause':
        return { replies: [await clauseView(this.o.store, a.id)] };
      case 'doc':
        return { replies: [await docPartsView(this.o.store, a.id)] };
      case 'ask':
        return { replies: [await this.question(input, a.q)] };
      case 'help':
        return { replies: [await this.help(input.chatType)] };
      case 'vote':
        if (!(await this.o.store.chats.getQuestion(a.qid))) return { replies: [], notice: 'Câu trả lời này không còn trong nhật ký.' };
        await this.o.store.chats.vote(a.qid, { ...who, userId: input.userId }, a.v);
        return { replies: [], notice: a.v === 'up' ? 'Cảm ơn! Đã ghi nhận 👍' : 'Cảm ơn! Đã ghi nhận 👎 — gõ /gopy <nội dung> để nói thêm chỗ chưa đúng.' };
      case 'sub':
        return { replies: [await subscribe(this.o.store, who, { kind: a.kind, target: a.target, label: a.label }, this.o.calendarUrl ?? null)] };
      case 'unsub':
        return { replies: [await unsubscribeById(this.o.store, who, a.id)] };
    }
  }

  private async help(chatType: ChatType): Promise<ChatReply> {
    const docs = await this.o.store.listDocuments();
    const menu = COMMANDS.filter((c) => !c.admin).map((c) => `/${c.names[0]} — ${c.description}`);
    const group = chatType === 'group' ? '\n\nTrong nhóm, hãy nhắc tên bot (@…) hoặc trả lời tin nhắn của bot khi hỏi.' : '';
    const text = [
      `planbot trả lời câu hỏi về kế hoạch nhiệm vụ năm học (${docs.length} kế hoạch: ${docs.map((d) => d.shortName).join(', ')}), trích dẫn đúng điều khoản. Khi kế hoạch không nêu, planbot nói rõ là không nêu.`,
      `Cứ gõ câu hỏi, bằng tiếng Việt hoặc tiếng Anh. Các lệnh:\n${menu.join('\n')}${group}`,
      'Bấm một câu hỏi mẫu để thử:',
    ].join('\n\n');
    return textReply(text, { buttons: EXAMPLE_QUESTIONS.map((q) => [{ text: label(q, 60), action: { t: 'ask', q } }]) });
  }

  private async question(input: ChatInput, text: string): Promise<ChatReply> {
    if (text.length > CHAT_TEXT_LIMIT || text.replace(/\s+/g, ' ').trim().length > MAX_QUESTION_CHARS) return textReply(ONE_QUESTION(text.length));
    let answer: Answer;
    try {
      answer = await this.o.answerer.ask(text);
    } catch (err) {
      if (err instanceof QuestionError) return textReply(`Không trả lời được câu này: ${err.message}.`);
      throw err;
    }
    const questionId = await this.o.store.chats.logQuestion({
      platform: input.platform,
      chatId: input.chatId,
      userId: input.userId,
      question: text,
      answer: answer.answer,
      lang: answer.lang,
      intent: answer.intent,
      abstained: answer.abstained,
      citations: answer.citations,
    });
    const names = new Map((await this.o.store.listDocuments()).map((d) => [d.docId, d.shortName]));
    const cite: Button[] = answer.citations.map((c) => ({ text: label(`[${c.n}] ${names.get(c.docId) ?? c.docId} §${c.section}`, 40), action: { t: 'clause', id: c.clauseId } }));
    const reply = textReply(answer.answer, { citations: answer.citations });
    reply.questionId = questionId;
    reply.outcome = answer.outcome;
    // A non-answer's first paragraph says so; each platform sets it apart (italics, a mark).
    if (answer.outcome !== 'answer' && reply.blocks[0]) reply.blocks[0] = { ...reply.blocks[0], style: 'note' };
    reply.buttons = [
      ...rows(cite, cite.length > 4 ? 2 : 1),
      [
        { text: '👍 Hữu ích', action: { t: 'vote', qid: questionId, v: 'up' } },
        { text: '👎 Chưa đúng', action: { t: 'vote', qid: questionId, v: 'down' } },
      ],
    ];
    return reply;
  }

  private async feedback(input: ChatInput, args: string): Promise<ChatReply> {
    if (!args) return textReply('Gõ góp ý sau lệnh, ví dụ: /gopy câu trả lời thiếu chỉ tiêu mầm non. Góp ý được lưu cùng câu hỏi và câu trả lời gần nhất của bạn để cải thiện planbot. Bạn cũng có thể bấm 👍/👎 dưới mỗi câu trả lời.');
    const last = await this.o.store.chats.lastQuestion(input.platform, input.chatId, input.userId);
    await this.o.store.chats.comment(last?.id ?? null, { platform: input.platform, chatId: input.chatId, userId: input.userId }, args);
    return textReply(last ? `Cảm ơn góp ý! Đã lưu cùng câu hỏi «${label(last.question, 80)}».` : 'Cảm ơn góp ý! Đã lưu.');
  }

  private async uploaded(input: ChatInput, doc: NonNullable<ChatInput['document']>): ReturnType<UploadHandler> {
    if (!this.isAdmin(input)) return textReply('Cảm ơn! Chỉ quản trị viên mới gửi được kế hoạch mới để lập chỉ mục. Bạn có thể hỏi về các kế hoạch hiện có.');
    if (!this.o.upload) return textReply('Máy chủ này chưa nhận kế hoạch gửi qua chat; hãy chép tệp vào thư mục corpus/ rồi gõ /reindex.');
    let bytes: Buffer;
    try {
      bytes = await doc.download();
    } catch (err) {
      return textReply(`Không tải được tệp ${doc.fileName}: ${(err as Error).message}.`);
    }
    return this.o.upload(doc.fileName, bytes);
  }
}
