import type { Strings } from './strings.js';

/** Arabic (right to left). Plural forms follow Intl.PluralRules('ar') categories where counts appear. */
const plural = new Intl.PluralRules('ar');

export const ar: Strings = {
  messages: 'الرسائل',
  message: 'رسالة',
  send: 'إرسال',
  placeholder: 'اكتب رسالة…',
  typing: {
    one: (a) => `${a} يكتب…`,
    two: (a, b) => `${a} و${b} يكتبان…`,
    many: (n) => `${n} أشخاص يكتبون…`,
  },
  here: (_n, f) => `${f} متصل هنا`,
  online: 'متصل',
  away: 'غير متصل',
  you: 'أنت',
  today: 'اليوم',
  yesterday: 'أمس',
  edited: 'معدّلة',
  deleted: 'تم حذف هذه الرسالة',
  seenBy: (names) => `شاهدها ${names}`,
  newMessages: (n, f) => {
    const form = plural.select(n);
    if (form === 'one') return 'رسالة جديدة واحدة';
    if (form === 'two') return 'رسالتان جديدتان';
    if (form === 'few') return `${f} رسائل جديدة`;
    return `${f} رسالة جديدة`;
  },
  jumpToLatest: 'الانتقال إلى الأحدث',
  loadingOlder: 'جارٍ تحميل الرسائل السابقة…',
  startOfConversation: 'بداية المحادثة',
  actions: 'إجراءات الرسالة',
  react: 'تفاعل',
  edit: 'تعديل الرسالة',
  delete: 'حذف الرسالة',
  confirmDelete: 'حذف هذه الرسالة؟',
  deleteAction: 'حذف',
  cancel: 'إلغاء',
  save: 'حفظ',
  retry: 'إعادة المحاولة',
  sending: 'جارٍ الإرسال…',
  notSent: { offline: 'لم تُرسل: لا يوجد اتصال', generic: 'لم تُرسل: لم يؤكدها الخادم' },
  editing: 'تعديل الرسالة',
  escToCancel: 'Esc للإلغاء',
  reactionChip: (emoji, count, names) => `${emoji} ${count}: ${names}`,
  addReaction: 'إضافة تفاعل',
  roomReaction: 'إرسال تفاعل',
  participants: 'المشاركون',
  participantsCount: (n, f) => {
    const form = plural.select(n);
    if (form === 'one') return 'مشارك واحد';
    if (form === 'two') return 'مشاركان';
    if (form === 'few') return `${f} مشاركين`;
    return `${f} مشارك`;
  },
  close: 'إغلاق',
  readOnly: 'يمكنك قراءة هذه المحادثة دون الكتابة فيها.',
  closed: 'هذه المهمة مغلقة. المحادثة للقراءة فقط.',
  empty: (name) => (name ? `لا توجد رسائل بعد — قل مرحبًا لـ${name}` : 'لا توجد رسائل بعد — قل مرحبًا'),
  connecting: 'جارٍ الاتصال…',
  reconnecting: 'جارٍ إعادة الاتصال…',
  offline: 'أنت غير متصل. نحاول إعادة الاتصال…',
  failed: 'تعذّر الاتصال بالمحادثة.',
  unableToOpen: 'تعذّر فتح المحادثة',
  errors: {
    tooLarge: 'هذه الرسالة أطول من أن تُرسل. اختصرها وحاول مجددًا.',
    rateLimited: 'أنت ترسل الرسائل بسرعة كبيرة. انتظر قليلًا ثم حاول مجددًا.',
    rejected: (reason) => (reason ? `لم تُرسل الرسالة: ${reason}` : 'لم تُرسل الرسالة: تم رفضها.'),
    notAllowed: 'لا يمكنك القيام بذلك في هذه المحادثة.',
    offline: 'أنت غير متصل. حاول مجددًا عند عودة الاتصال.',
    generic: 'حدث خطأ ما. حاول مجددًا.',
  },
  roles: {
    customer: 'عميل',
    agent: 'موظف دعم',
    buyer: 'مشترٍ',
    seller: 'بائع',
    courier: 'مندوب توصيل',
    moderator: 'مشرف',
    observer: 'مراقب',
    bot: 'روبوت',
    player: 'لاعب',
  },
  notify: 'نبّهني عندما أكون بعيدًا',
  notifyBlocked: 'متصفحك يحظر الإشعارات لهذا الموقع',
  attachFile: 'إرفاق ملف',
};
