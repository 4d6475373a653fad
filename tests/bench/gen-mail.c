/* gen-mail.c - make bench's corpus: deterministic, realistic business mail written as mbox or Maildir. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Usage: gen-mail --count N --seed S --format mbox|maildir --out PATH [--small]
 *        gen-mail --queries N --seed S
 *
 * Everything derives from the seed through splitmix64 streams keyed by
 * (purpose, index) rather than drawn from one sequence: --small changes the
 * bodies without changing who wrote to whom and when, and a reply can
 * regenerate the text of the message it quotes.  Nothing reads the clock,
 * the pid or the locale, and only integer arithmetic decides anything, so
 * the same arguments give the same bytes on every machine.
 *
 * The plan (threads, dates, senders, sizes) is made first and sorted by
 * date; then each message is built in memory and written, mboxrd-quoted or
 * as one Maildir file.
 */

#define NPEOPLE 2000
#define NDOMAINS 300
#define NONE UINT32_MAX
#define OWN (UINT32_MAX - 1)            /* the mailbox owner, as a person */
#define BASE_TIME INT64_C(1767225600)   /* 2026-01-01 00:00 UTC; every date is before it */
#define SPAN_DAYS 1095                  /* three years of mail */
#define MAX_THREAD 40
#define MIN_SIZE 2048
#define MAX_SIZE 51200
#define WRAP 72

#define OWN_ADDR "dana@tether-bench.example"
#define OWN_NAME "Dana Katz"
#define OWN_DOMAIN "tether-bench.example"
#define MX_HOST "mx1.tether-bench.example"

enum stream { S_POOL = 1, S_PLAN, S_THREAD, S_SIZE, S_BODY, S_RCPT, S_MSGID,
	S_HDR, S_ATTACH, S_QUERY };
enum lang { L_EN, L_HE, L_AR, NLANGS };
enum region { R_IL, R_ARAB, R_DE, R_FR, R_UK, R_US, NREGIONS };
enum client { C_OUTLOOK, C_GMAIL, C_TBIRD, C_APPLE };

#define M_HTML 0x01
#define M_ATTACH 0x02
#define M_SEEN 0x04
#define M_FLAGGED 0x08

/* --- deterministic randomness ------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t
rng_next(struct rng *r)
{
	r->s += UINT64_C(0x9e3779b97f4a7c15);
	return mix64(r->s);
}

static void
rng_init(struct rng *r, uint64_t seed, enum stream st, uint64_t index)
{
	r->s = mix64(mix64(seed ^ ((uint64_t)st << 56)) + index *
	    UINT64_C(0xd1b54a32d192ed03));
}

/* Uniform in [0, n) for n < 2^32, without division. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static uint32_t
rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static bool
rng_pct(struct rng *r, uint32_t pct)
{
	return rng_below(r, 100) < pct;
}

/* Uniform in [0, n) skewed towards 0: u^k scaled, in integers only. */
static uint32_t
rng_skew(struct rng *r, uint32_t n, int k)
{
	uint64_t u = rng_next(r) >> 32, v = u;

	while (--k > 0)
		v = (v * u) >> 32;
	return (uint32_t)((v * n) >> 32);
}

#define PICK(r, table) ((table)[rng_below((r), sizeof(table) / sizeof((table)[0]))])
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* --- growable strings ---------------------------------------------------- */

struct sb {
	char *p;
	size_t len, cap;
};

static void
sb_reserve(struct sb *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 256;
	if ((b->p = realloc(b->p, b->cap)) == NULL) {
		fputs("gen-mail: out of memory\n", stderr);
		exit(1);
	}
}

static void
sb_add(struct sb *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_adds(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void
sb_addc(struct sb *b, char c)
{
	sb_add(b, &c, 1);
}

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static void PRINTF_LIKE(2, 3)
sb_addf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void
sb_clear(struct sb *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static bool
is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* --- vocabulary ------------------------------------------------------------ */

struct nm {
	const char *native, *latin, *local;
};

static const struct nm first_en[] = {
	{ "James", "James", "james" }, { "Mary", "Mary", "mary" },
	{ "Robert", "Robert", "robert" }, { "Linda", "Linda", "linda" },
	{ "Michael", "Michael", "michael" }, { "Sarah", "Sarah", "sarah" },
	{ "David", "David", "david" }, { "Emily", "Emily", "emily" },
	{ "Daniel", "Daniel", "daniel" }, { "Laura", "Laura", "laura" },
	{ "Thomas", "Thomas", "thomas" }, { "Anna", "Anna", "anna" },
	{ "Peter", "Peter", "peter" }, { "Julia", "Julia", "julia" },
	{ "Mark", "Mark", "mark" }, { "Claire", "Claire", "claire" },
	{ "Paul", "Paul", "paul" }, { "Rachel", "Rachel", "rachel" },
	{ "Steven", "Steven", "steven" }, { "Helen", "Helen", "helen" },
	{ "Andrew", "Andrew", "andrew" }, { "Sophie", "Sophie", "sophie" },
	{ "Chris", "Chris", "chris" }, { "Karen", "Karen", "karen" },
	{ "Brian", "Brian", "brian" }, { "Olivia", "Olivia", "olivia" },
	{ "Kevin", "Kevin", "kevin" }, { "Grace", "Grace", "grace" },
	{ "Matthias", "Matthias", "matthias" }, { "Isabelle", "Isabelle", "isabelle" },
	{ "Giulia", "Giulia", "giulia" }, { "Marco", "Marco", "marco" },
	{ "Pierre", "Pierre", "pierre" }, { "Klaus", "Klaus", "klaus" },
	{ "Ingrid", "Ingrid", "ingrid" }, { "José", "José", "jose" },
	{ "François", "François", "francois" }, { "Zoë", "Zoë", "zoe" },
	{ "Søren", "Søren", "soren" }, { "Jürgen", "Jürgen", "juergen" },
	{ "Lucía", "Lucía", "lucia" }, { "Björn", "Björn", "bjoern" },
	{ "Hélène", "Hélène", "helene" }, { "Łukasz", "Łukasz", "lukasz" },
	{ "Renée", "Renée", "renee" },
};
static const struct nm last_en[] = {
	{ "Smith", "Smith", "smith" }, { "Johnson", "Johnson", "johnson" },
	{ "Brown", "Brown", "brown" }, { "Miller", "Miller", "miller" },
	{ "Davis", "Davis", "davis" }, { "Wilson", "Wilson", "wilson" },
	{ "Taylor", "Taylor", "taylor" }, { "Anderson", "Anderson", "anderson" },
	{ "Clark", "Clark", "clark" }, { "Walker", "Walker", "walker" },
	{ "Wright", "Wright", "wright" }, { "Hughes", "Hughes", "hughes" },
	{ "Evans", "Evans", "evans" }, { "Turner", "Turner", "turner" },
	{ "Parker", "Parker", "parker" }, { "Collins", "Collins", "collins" },
	{ "Murphy", "Murphy", "murphy" }, { "Cooper", "Cooper", "cooper" },
	{ "Bennett", "Bennett", "bennett" }, { "O'Brien", "O'Brien", "obrien" },
	{ "Schneider", "Schneider", "schneider" }, { "Fischer", "Fischer", "fischer" },
	{ "Weber", "Weber", "weber" }, { "Dubois", "Dubois", "dubois" },
	{ "Moreau", "Moreau", "moreau" }, { "Rossi", "Rossi", "rossi" },
	{ "Bianchi", "Bianchi", "bianchi" }, { "Kowalski", "Kowalski", "kowalski" },
	{ "Jensen", "Jensen", "jensen" }, { "Nguyen", "Nguyen", "nguyen" },
	{ "Silva", "Silva", "silva" }, { "Schmidt", "Schmidt", "schmidt" },
	{ "Müller", "Müller", "mueller" }, { "Lefèvre", "Lefèvre", "lefevre" },
	{ "García", "García", "garcia" }, { "Martínez", "Martínez", "martinez" },
	{ "Novák", "Novák", "novak" }, { "Ødegaard", "Ødegaard", "odegaard" },
};
static const struct nm first_he[] = {
	{ "דנה", "Dana", "dana" }, { "יוסי", "Yossi", "yossi" },
	{ "מיכל", "Michal", "michal" }, { "אבי", "Avi", "avi" },
	{ "נועה", "Noa", "noa" }, { "רונית", "Ronit", "ronit" },
	{ "עומר", "Omer", "omer" }, { "שירה", "Shira", "shira" },
	{ "איתי", "Itai", "itai" }, { "טל", "Tal", "tal" },
	{ "אורי", "Uri", "uri" }, { "יעל", "Yael", "yael" },
	{ "גיל", "Gil", "gil" }, { "רותם", "Rotem", "rotem" },
	{ "משה", "Moshe", "moshe" }, { "אסף", "Asaf", "asaf" },
	{ "נטע", "Neta", "neta" }, { "עידו", "Ido", "ido" },
	{ "ליאת", "Liat", "liat" }, { "אלון", "Alon", "alon" },
	{ "מירב", "Merav", "merav" }, { "שחר", "Shahar", "shahar" },
	{ "הדס", "Hadas", "hadas" }, { "ניר", "Nir", "nir" },
	{ "תמר", "Tamar", "tamar" }, { "יונתן", "Yonatan", "yonatan" },
	{ "אפרת", "Efrat", "efrat" }, { "רון", "Ron", "ron" },
	{ "ענבל", "Inbal", "inbal" }, { "דוד", "David", "david" },
};
static const struct nm last_he[] = {
	{ "כהן", "Cohen", "cohen" }, { "לוי", "Levi", "levi" },
	{ "מזרחי", "Mizrahi", "mizrahi" }, { "פרץ", "Peretz", "peretz" },
	{ "ביטון", "Biton", "biton" }, { "אברהם", "Avraham", "avraham" },
	{ "פרידמן", "Friedman", "friedman" }, { "שפירא", "Shapira", "shapira" },
	{ "גולן", "Golan", "golan" }, { "אזולאי", "Azulay", "azulay" },
	{ "דהן", "Dahan", "dahan" }, { "קליין", "Klein", "klein" },
	{ "ברק", "Barak", "barak" }, { "אשכנזי", "Ashkenazi", "ashkenazi" },
	{ "רוזן", "Rozen", "rozen" }, { "בן דוד", "Ben David", "bendavid" },
	{ "חדד", "Hadad", "hadad" }, { "גבאי", "Gabay", "gabay" },
	{ "סגל", "Segal", "segal" }, { "וייס", "Weiss", "weiss" },
	{ "אלמוג", "Almog", "almog" }, { "נחום", "Nahum", "nahum" },
	{ "שטרן", "Stern", "stern" }, { "בן-חיים", "Ben-Haim", "benhaim" },
};
static const struct nm first_ar[] = {
	{ "محمد", "Mohammed", "mohammed" }, { "أحمد", "Ahmed", "ahmed" },
	{ "فاطمة", "Fatima", "fatima" }, { "ليلى", "Layla", "layla" },
	{ "خالد", "Khaled", "khaled" }, { "سارة", "Sara", "sara" },
	{ "عمر", "Omar", "omar" }, { "نور", "Nour", "nour" },
	{ "يوسف", "Youssef", "youssef" }, { "مريم", "Mariam", "mariam" },
	{ "علي", "Ali", "ali" }, { "هدى", "Huda", "huda" },
	{ "حسن", "Hassan", "hassan" }, { "رنا", "Rana", "rana" },
	{ "سامي", "Sami", "sami" }, { "دينا", "Dina", "dina" },
	{ "طارق", "Tarek", "tarek" }, { "ياسمين", "Yasmin", "yasmin" },
	{ "كريم", "Karim", "karim" }, { "منى", "Mona", "mona" },
	{ "زياد", "Ziad", "ziad" }, { "لينا", "Lina", "lina" },
	{ "رامي", "Rami", "rami" }, { "سلمى", "Salma", "salma" },
};
static const struct nm last_ar[] = {
	{ "حداد", "Haddad", "haddad" }, { "خوري", "Khoury", "khoury" },
	{ "منصور", "Mansour", "mansour" }, { "سليمان", "Suleiman", "suleiman" },
	{ "النجار", "Al-Najjar", "alnajjar" }, { "عبد الله", "Abdullah", "abdullah" },
	{ "الشامي", "Al-Shami", "alshami" }, { "حسين", "Hussein", "hussein" },
	{ "إبراهيم", "Ibrahim", "ibrahim" }, { "صالح", "Saleh", "saleh" },
	{ "المصري", "Al-Masri", "almasri" }, { "عثمان", "Othman", "othman" },
	{ "قاسم", "Qasim", "qasim" }, { "نصار", "Nassar", "nassar" },
	{ "عيسى", "Issa", "issa" }, { "الخطيب", "Al-Khatib", "alkhatib" },
};

static const char *const company_a[40] = {
	"Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Litware",
	"Adatum", "Proseware", "Lucerne", "Alpine", "Blue Yonder", "Coho",
	"Humongous", "Trey", "Wide World", "Woodgrove", "Lamna", "Cedar",
	"Harbor", "Summit", "Orion", "Atlas", "Meridian", "Granite",
	"Silverline", "Redwood", "Keystone", "Pioneer", "Vertex", "Horizon",
	"Evergreen", "Sterling", "Crescent", "Beacon", "Galil", "Carmel",
	"Negev", "Petra", "Levant", "Oasis",
};
static const char *const company_b[20] = {
	"Logistics", "Trading", "Industries", "Systems", "Supplies",
	"Engineering", "Foods", "Textiles", "Electronics", "Packaging",
	"Metals", "Plastics", "Chemicals", "Consulting", "Freight", "Medical",
	"Energy", "Components", "Furniture", "Tools",
};
static const char *const legal_form[NREGIONS] = {
	"Ltd.", "LLC", "GmbH", "SARL", "Ltd", "Inc.",
};
static const int region_tz[NREGIONS] = { 120, 240, 60, 60, 0, -300 };
static const char *const region_currency[NREGIONS] = {
	"₪", "AED ", "€", "€", "£", "$",
};
static const char *const region_phone[NREGIONS] = {
	"+972 3 555 %04u", "+971 4 555 %04u", "+49 30 5557 %04u",
	"+33 1 55 57 %04u", "+44 20 7946 %04u", "+1 212 555 %04u",
};
static const char *const region_lang_tag[NREGIONS] = {
	"he-IL", "ar-AE", "de-DE", "fr-FR", "en-GB", "en-US",
};

static const char *const title[NLANGS][8] = {
	{ "Sales Manager", "Procurement Officer", "Account Manager",
	  "Head of Logistics", "Finance Director", "Operations Manager",
	  "Purchasing Lead", "Project Manager" },
	{ "מנהל מכירות", "רכש", "מנהלת לקוחות", "לוגיסטיקה", "כספים",
	  "מנהל תפעול", "מחלקת רכש", "מנהלת פרויקטים" },
	{ "مدير المبيعات", "قسم المشتريات", "مدير الحسابات",
	  "الخدمات اللوجستية", "المدير المالي", "مدير العمليات",
	  "قسم المشتريات", "مدير المشاريع" },
};

/* Slot values, the same count in every language so a thread can switch. */
static const char *const product[NLANGS][10] = {
	{ "stainless steel valves", "pallet racking", "industrial sensors",
	  "LED panels", "packaging film", "hydraulic pumps", "office chairs",
	  "server racks", "conveyor belts", "safety gloves" },
	{ "מסתמי נירוסטה", "מדפי משטחים", "חיישנים תעשייתיים", "לוחות LED",
	  "יריעות אריזה", "משאבות הידראוליות", "כיסאות משרדיים", "ארונות שרתים",
	  "מסועים", "כפפות בטיחות" },
	{ "صمامات فولاذية", "رفوف المنصات", "أجهزة استشعار صناعية", "ألواح LED",
	  "أغشية التغليف", "مضخات هيدروليكية", "كراسي مكتبية", "خزائن الخوادم",
	  "سيور ناقلة", "قفازات السلامة" },
};
static const char *const topic[NLANGS][8] = {
	{ "Q3 forecast", "logistics plan", "pricing", "rollout", "supplier audit",
	  "warranty terms", "annual budget", "quality review" },
	{ "תחזית רבעונית", "תוכנית לוגיסטית", "תמחור", "ההטמעה", "ביקורת ספקים",
	  "תנאי אחריות", "תקציב שנתי", "בקרת איכות" },
	{ "التوقعات الربعية", "خطة الخدمات اللوجستية", "التسعير", "التنفيذ",
	  "تدقيق الموردين", "شروط الضمان", "الميزانية السنوية", "مراجعة الجودة" },
};
static const char *const weekday[NLANGS][7] = {
	{ "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" },
	{ "ראשון", "שני", "שלישי", "רביעי", "חמישי", "שישי", "שבת" },
	{ "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت" },
};
static const char *const month[NLANGS][12] = {
	{ "January", "February", "March", "April", "May", "June", "July",
	  "August", "September", "October", "November", "December" },
	{ "ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט",
	  "ספטמבר", "אוקטובר", "נובמבר", "דצמבר" },
	{ "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
	  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
};
static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};
static const char *const day_abbr[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

/* Project code names: rare words, for searches that hit a few messages. */
static const char *const rare[] = {
	"Quetzal", "Bergamot", "Obsidian", "Tamarind", "Zircon", "Marzipan",
	"Kestrel", "Juniper", "Sassafras", "Vermilion", "Halcyon", "Larkspur",
	"Meerkat", "Nightjar", "Ocelot", "Pangolin", "Quokka", "Rambutan",
	"Saffron", "Tanager", "Umber", "Vicuna", "Wombat", "Xylophone",
	"Yarrow", "Zephyr", "Anemone", "Basilisk", "Cormorant", "Dunlin",
	"Egret", "Fennec", "Gannet", "Hoopoe", "Ibis", "Jacana", "Kinkajou",
	"Lapwing", "Mandrake", "Narwhal", "Osprey", "Puffin", "Quillwort",
	"Rosefinch", "Sandpiper", "Tortoise", "Urchin", "Verbena", "Wagtail",
	"Yellowhammer", "Zinnia", "Amaranth", "Bittern", "Caracal",
	"Dragonet", "Eider", "Firecrest", "Gharial", "Heron", "Iguana",
	"Jerboa", "Kittiwake", "Limpkin", "Mongoose",
};

/*
 * Templates.  Slots: {P} product, {T} topic, {I} invoice, {O} purchase
 * order, {S} shipment, {N} quotation, {Q} quantity, {A} amount, {Y} year,
 * {M} month, {D} weekday, {C} the counterparty's company, {R} code name.
 */
static const char *const subj_en[] = {
	"Quote request: {P} ({Q} units)", "Quotation {N} – {P}",
	"Invoice {I} for {M} {Y}", "Overdue invoice {I}",
	"Payment confirmation – invoice {I}", "Meeting on {D} about the {T}",
	"Agenda for {D}'s {T} meeting", "Shipping update: PO {O}",
	"Delivery schedule for order {O}", "Customs documents for shipment {S}",
	"Contract renewal {Y} – {C}", "Draft contract: {C} service agreement",
	"Price list {Y}", "Re-order of {P}", "Samples of {P}",
	"Credit note for invoice {I}", "Budget approval for the {T}",
	"Introduction: {C}", "Annual maintenance contract – {A}",
	"Questions about the {T}", "PO {O} – {P}", "Lead time for {P}",
};
static const char *const subj_rare_en[] = {
	"Project {R}: status update", "NDA for project {R}",
	"{R} kick-off meeting on {D}", "Budget for {R}",
};
static const char *const subj_he[] = {
	"הצעת מחיר: {P}", "חשבונית {I} לחודש {M}", "פגישה ביום {D} בנושא {T}",
	"עדכון משלוח להזמנה {O}", "חידוש חוזה לשנת {Y}",
	"אישור תשלום – חשבונית {I}", "מחירון {Y}", "דוגמאות של {P}",
	"הזמנה {O} – {P}", "זמני אספקה של {P}",
};
static const char *const subj_ar[] = {
	"عرض سعر: {P}", "فاتورة رقم {I} لشهر {M}", "اجتماع يوم {D} بخصوص {T}",
	"تحديث الشحن للطلب {O}", "تجديد العقد لعام {Y}",
	"تأكيد الدفع – فاتورة {I}", "قائمة الأسعار {Y}", "عينات من {P}",
	"طلب الشراء {O} – {P}",
};
static const char *const *const subj[NLANGS] = { subj_en, subj_he, subj_ar };
static const size_t nsubj[NLANGS] = { NELEM(subj_en), NELEM(subj_he), NELEM(subj_ar) };

static const char *const sent_en[] = {
	"Thank you for your quick reply.",
	"Please find attached the quotation for {Q} units of {P}.",
	"As discussed on the phone, we can deliver the {P} within three "
	    "weeks of your order.",
	"Could you confirm the delivery address for order {O}?",
	"The invoice {I} is due on the 15th of {M}.",
	"Our accounts department has not yet received payment for invoice {I}.",
	"The payment of {A} was transferred this morning; the bank reference is below.",
	"We would like to schedule a meeting on {D} to go over the {T}.",
	"Would {D} at 10:00 work for you, or is the afternoon better?",
	"The shipment {S} left our warehouse yesterday and should clear "
	    "customs by {D}.",
	"Customs asked for the commercial invoice and the packing list again.",
	"The pallets were delivered to the wrong loading dock, so please "
	    "check with your warehouse team.",
	"We have updated the price list for {Y}; the new prices apply "
	    "from the first of {M}.",
	"Our legal team reviewed the contract and marked a few changes in clause 7.",
	"The renewal of the service agreement needs to be signed before "
	    "the end of {M}.",
	"Please send the signed NDA so that we can share the technical drawings.",
	"I have copied my colleague, who handles procurement for {C}.",
	"Let me know if you need anything else from our side.",
	"From our side everything is ready; we are only waiting for your "
	    "purchase order.",
	"From next week on, orders above {A} need a second approval.",
	"The samples of {P} arrived in good condition and the team is "
	    "testing them now.",
	"Unfortunately the lead time for {P} has increased to six weeks "
	    "because of supplier delays.",
	"We can offer a discount of 4% for orders above {Q} units.",
	"The forecast for the next quarter looks stable, although "
	    "freight costs keep rising.",
	"I attach the minutes of our last meeting and the open action items.",
	"Could you share the budget estimate for the {T} before {D}?",
	"Our auditors need a copy of the signed contract and the last three invoices.",
	"The delivery note and the invoice show different quantities; could you check?",
	"We received {Q} units instead of the ordered quantity, so a "
	    "credit note would be appreciated.",
	"Please make sure the pallets are wrapped and labelled with the PO number {O}.",
	"I will be out of the office until {D}; my colleague will follow "
	    "up in the meantime.",
	"The warehouse closes at 16:00 on Fridays, so deliveries must "
	    "arrive before noon.",
	"We are happy with the quality so far and would like to extend "
	    "the contract for another year.",
	"The quote is valid for 30 days and includes transport but not VAT.",
	"Our finance team asks whether you accept payment terms of net 60.",
	"Once we have your approval, production can start within five working days.",
	"The insurance certificate for shipment {S} is attached.",
	"We noticed a small mistake in the invoice: the unit price "
	    "should be the one from quotation {N}.",
	"Thanks again for the productive meeting on {D}.",
	"I am forwarding the question to our logistics department and "
	    "will get back to you.",
	"Could you send us the updated quotation {N} with the new quantities?",
	"The total for this order comes to {A}, including delivery.",
};
static const char *const sent_he[] = {
	"תודה על ההצעה ששלחתם.",
	"מצורפת החשבונית לחודש {M}.",
	"נשמח לקבל הצעת מחיר מעודכנת עבור {Q} יחידות של {P}.",
	"המשלוח יצא מהמחסן ביום {D}.",
	"האם אפשר לקבוע פגישה בשבוע הבא בנושא {T}?",
	"לצערנו חל עיכוב באספקה בגלל עומס בנמל.",
	"התשלום יועבר בהעברה בנקאית תוך 30 יום.",
	"אנא אשרו את תנאי החוזה עד סוף החודש.",
	"המחיר כולל הובלה ואינו כולל מע\"מ.",
	"נא לעדכן את מספר ההזמנה {O} במערכת.",
	"הסחורה הגיעה במצב תקין.",
	"צריך לתאם את מועד ההתקנה עם מנהל האתר.",
	"בהמשך לשיחתנו הטלפונית, להלן הפרטים.",
	"נשמח לשמוע ממך בהקדם.",
	"הצוות שלנו בודק את המפרט הטכני של {P}.",
	"נדרשת חתימה על הסכם סודיות לפני המשך התהליך.",
	"סכום החשבונית {I} הוא {A}.",
	"המחירון לשנת {Y} מצורף למייל.",
	"הפגישה ביום {D} מתאימה לנו.",
	"חוזה השירות מסתיים בסוף {M}.",
	"מצורף קובץ עם פירוט הכמויות והמחירים.",
	"נבקש לקבל תעודת משלוח חתומה עם הסחורה.",
	"אנחנו ממתינים לאישור הזמנת הרכש שלכם.",
	"האם תוכלו להקדים את האספקה לסוף השבוע?",
	"המחסן שלנו סגור בימי שישי, לכן נא לתאם הגעה מראש.",
	"הוספנו כמה הערות לטיוטת החוזה, ראו סעיף 7.",
	"נשמח להציע הנחה של 4% בהזמנה מעל {Q} יחידות.",
	"מחלקת הכספים שלנו מבקשת לוודא את תנאי התשלום שוטף פלוס 60.",
	"תודה על הפגישה הפורה ביום {D}.",
	"אעביר את השאלה למחלקת הלוגיסטיקה ואחזור אליך.",
};
static const char *const sent_ar[] = {
	"شكراً على عرض السعر الذي أرسلتموه.",
	"مرفق الفاتورة لشهر {M}.",
	"نرجو إرسال عرض سعر محدث لعدد {Q} وحدة من {P}.",
	"سيتم شحن البضاعة من المستودع يوم {D}.",
	"هل يمكننا تحديد موعد اجتماع الأسبوع القادم بخصوص {T}؟",
	"للأسف هناك تأخير في التوريد بسبب ازدحام الميناء.",
	"سيتم تحويل المبلغ خلال ثلاثين يوماً.",
	"يرجى تأكيد شروط العقد قبل نهاية الشهر.",
	"السعر يشمل النقل ولا يشمل ضريبة القيمة المضافة.",
	"يرجى تحديث رقم الطلب {O} في النظام.",
	"وصلت البضاعة بحالة جيدة.",
	"بالإشارة إلى مكالمتنا الهاتفية، إليكم التفاصيل.",
	"نتطلع إلى ردكم في أقرب وقت.",
	"فريقنا يراجع المواصفات الفنية لـ {P}.",
	"قيمة الفاتورة {I} هي {A}.",
	"قائمة الأسعار لعام {Y} مرفقة بهذه الرسالة.",
	"موعد الاجتماع يوم {D} مناسب لنا.",
	"ينتهي عقد الخدمة في نهاية {M}.",
	"مرفق ملف يتضمن تفاصيل الكميات والأسعار.",
	"نرجو إرسال إشعار التسليم موقعاً مع البضاعة.",
	"نحن بانتظار موافقتكم على أمر الشراء.",
	"هل يمكنكم تقديم موعد التسليم إلى نهاية الأسبوع؟",
	"المستودع مغلق يوم الجمعة، لذا يرجى تنسيق موعد الوصول مسبقاً.",
	"أضفنا بعض الملاحظات على مسودة العقد في البند السابع.",
	"يمكننا تقديم خصم بنسبة 4% على الطلبات التي تزيد عن {Q} وحدة.",
	"يطلب قسم المالية تأكيد شروط الدفع خلال ستين يوماً.",
	"شكراً على الاجتماع المثمر يوم {D}.",
	"سأحيل السؤال إلى قسم الخدمات اللوجستية وأعود إليكم.",
};
static const char *const *const sent[NLANGS] = { sent_en, sent_he, sent_ar };
static const size_t nsent[NLANGS] = { NELEM(sent_en), NELEM(sent_he), NELEM(sent_ar) };
_Static_assert(NELEM(sent_en) < 64 && NELEM(sent_he) < 64 && NELEM(sent_ar) < 64,
    "own_text keeps the sentences said in a 64-bit mask");

static const char *const rare_sent[NLANGS] = {
	"This is part of project {R}, so please keep the details confidential.",
	"זה חלק מפרויקט {R}, אז נא לשמור על סודיות.",
	"هذا جزء من مشروع {R}، لذا يرجى الحفاظ على السرية.",
};
static const char *const greeting[NLANGS][4] = {
	{ "Hi %s,", "Dear %s,", "Hello %s,", "Good morning %s," },
	{ "שלום %s,", "היי %s,", "%s שלום,", "בוקר טוב %s," },
	{ "مرحباً %s،", "عزيزي %s،", "السلام عليكم %s،", "صباح الخير %s،" },
};
static const char *const closing[NLANGS][4] = {
	{ "Best regards,", "Kind regards,", "Thanks,", "Best," },
	{ "בברכה,", "תודה,", "בברכה,", "תודה רבה," },
	{ "مع أطيب التحيات،", "شكراً،", "مع خالص التحية،", "تحياتي،" },
};
static const char *const disclaimer[NLANGS] = {
	"This e-mail and any attachments are confidential and may be privileged. "
	"If you are not the intended recipient, please notify the sender "
	"immediately and delete it from your system; do not copy, forward or "
	"disclose its contents to anyone. Prices and delivery dates quoted in "
	"this message are subject to our general terms and conditions of sale.",
	"הודעה זו וכל קובץ המצורף אליה מיועדים לנמען בלבד ועשויים להכיל מידע "
	"חסוי. אם קיבלת הודעה זו בטעות, נא להודיע לשולח ולמחוק אותה מהמערכת. "
	"This message is confidential; if you received it in error, please "
	"tell the sender and delete it.",
	"هذه الرسالة وأي مرفقات بها سرية ومخصصة للمرسل إليه فقط. إذا وصلتك "
	"هذه الرسالة عن طريق الخطأ، يرجى إبلاغ المرسل وحذفها. This message is "
	"confidential; if you received it in error, please tell the sender.",
};

struct att_kind {
	const char *ext, *type;
	const char *magic;
	size_t magic_len;
};
static const struct att_kind att_kinds[] = {
	{ "pdf", "application/pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15 },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	  "PK\x03\x04\x14\x00\x06\x00", 8 },
	{ "png", "image/png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16 },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	  "PK\x03\x04\x14\x00\x06\x00", 8 },
};
/* File names by language; the last field picks the kind above. */
struct att_name {
	const char *tmpl;
	int kind;
};
static const struct att_name att_en[] = {
	{ "Quotation_{N}.pdf", 0 }, { "Invoice_{I}.pdf", 0 },
	{ "Price list {Y}.xlsx", 1 }, { "PO_{O}.pdf", 0 },
	{ "Packing list {S}.xlsx", 1 }, { "Contract draft v3.docx", 3 },
	{ "Meeting minutes.docx", 3 }, { "scan_{Q}.png", 2 },
	{ "photo_damaged_pallet.png", 2 }, { "Delivery note {S}.pdf", 0 },
};
static const struct att_name att_latin[] = {
	{ "Übersicht Lieferungen {Y}.xlsx", 1 }, { "Devis n°{N}.pdf", 0 },
	{ "Résumé réunion.docx", 3 }, { "Preisliste {Y} – Entwurf.pdf", 0 },
};
static const struct att_name att_he[] = {
	{ "הצעת מחיר {N}.pdf", 0 }, { "חשבונית {I}.pdf", 0 },
	{ "מחירון {Y}.xlsx", 1 }, { "טיוטת חוזה.docx", 3 },
	{ "סיכום פגישה.docx", 3 }, { "תעודת משלוח {S}.pdf", 0 },
	{ "צילום משטח.png", 2 },
};
static const struct att_name att_ar[] = {
	{ "عرض سعر {N}.pdf", 0 }, { "فاتورة {I}.pdf", 0 },
	{ "قائمة الأسعار {Y}.xlsx", 1 }, { "مسودة العقد.docx", 3 },
	{ "محضر الاجتماع.docx", 3 }, { "صورة الشحنة.png", 2 },
};

/* Query vocabulary: words the templates above are sure to produce. */
static const char *const q_common[] = {
	"invoice", "meeting", "shipment", "delivery", "contract", "pallets",
	"warehouse", "quotation", "customs", "payment",
};
static const char *const q_pairs[] = {
	"invoice payment", "delivery address", "contract renewal", "price list",
	"customs invoice", "samples quality", "warehouse pallets",
	"meeting agenda", "lead time", "credit note",
};
static const char *const q_subject[] = {
	"invoice", "quotation", "contract", "shipping", "meeting", "delivery",
	"samples", "agenda", "renewal", "payment",
};
static const char *const q_he[] = {
	"חשבונית", "משלוח", "פגישה", "מחיר", "חוזה", "מחירון", "הסחורה", "התשלום",
};
static const char *const q_ar[] = {
	"فاتورة", "اجتماع", "الشحن", "العقد", "عرض", "سعر", "البضاعة", "الأسعار",
};

struct civil {
	int year, mon, day, wday, hour, min, sec;   /* mon 1-12, wday 0 = Sunday */
};

/* UTC seconds to a calendar date (Hinnant's civil_from_days). */
static void
civil_from(int64_t t, struct civil *c)
{
	int64_t day = t / 86400, sec = t % 86400, z = day + 719468;
	int64_t era = z / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = (int)(yoe + era * 400) + (c->mon <= 2);
	c->wday = (int)((day + 4) % 7);
	c->hour = (int)(sec / 3600);
	c->min = (int)(sec / 60 % 60);
	c->sec = (int)(sec % 60);
}

/* --- the world: domains, people, threads, messages ------------------------- */

struct domain {
	char name[72];
	char company[64];
	uint8_t region;
	uint8_t style;          /* how the company spells local parts */
	uint8_t ip;
	uint32_t first, count;  /* its people, contiguous in the pool */
};

struct person {
	char addr[104];
	char display[64];       /* UTF-8, in the person's own script */
	const char *first;      /* foreign: for greetings */
	char phone[24];
	uint16_t domain;
	uint8_t script;
	uint8_t client;
	uint8_t title;
	bool last_first;        /* "Last, First" in quotes, as some directories do */
};

struct thread {
	int64_t start;
	uint32_t first;         /* its first message in the plan */
	uint32_t parts[5];      /* pool participants; parts[0] started it */
	uint8_t len, lang, nparts;
};

struct msg {
	int64_t date;
	uint32_t thread;
	uint32_t parent;        /* plan index, NONE for a thread's first */
	uint32_t from;          /* person, or OWN */
	uint16_t own_len;       /* bytes of new text aimed at */
	uint16_t quote_len;     /* bytes of the parent's text quoted, 0: none */
	uint16_t target;        /* total size aimed at; attachments fill up to it */
	uint8_t flags;
	uint8_t depth;
};

/* What a thread is about: the same numbers recur in all its messages. */
struct tctx {
	unsigned lang, product, topic, qty, amount, year, mon;
	unsigned inv, po, ship, quote, tmpl;
	int rare;               /* index into rare[], or -1 */
	const char *company;    /* foreign */
	uint8_t region;
};

struct gen {
	uint64_t seed;
	uint32_t count;
	bool small;
	struct domain domains[NDOMAINS];
	struct person people[NPEOPLE];
	uint32_t *by_lang[NLANGS];      /* people whose script suits each language */
	uint32_t nby_lang[NLANGS];
	struct thread *threads;
	uint32_t nthreads;
	struct msg *msgs;
	uint32_t *order;                /* plan indices sorted by date */
};

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL) {
		fputs("gen-mail: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void
lower_nospace(char *dst, size_t dsz, const char *src)
{
	size_t j = 0;

	for (; *src != '\0' && j + 1 < dsz; src++) {
		if (*src == ' ')
			continue;
		dst[j++] = (*src >= 'A' && *src <= 'Z') ? (char)(*src + 32) : *src;
	}
	dst[j] = '\0';
}

static void
make_domains(struct gen *g, struct rng *r)
{
	static const unsigned weights[NREGIONS] = { 25, 10, 12, 8, 10, 35 };

	for (unsigned i = 0; i < NDOMAINS; i++) {
		struct domain *d = &g->domains[i];
		/* (i % 40, i / 40) is unique per i, so every pair is too. */
		const char *a = company_a[i % 40];
		const char *b = company_b[(i / 40 + 3 * (i % 40)) % 20];
		char la[32], lb[32];
		unsigned x = rng_below(r, 100), reg = 0;

		while (x >= weights[reg]) {
			x -= weights[reg];
			reg++;
		}
		lower_nospace(la, sizeof la, a);
		lower_nospace(lb, sizeof lb, b);
		snprintf(d->name, sizeof d->name, "%s-%s.example", la, lb);
		snprintf(d->company, sizeof d->company, "%s %s %s", a, b,
		    legal_form[reg]);
		d->region = (uint8_t)reg;
		d->style = (uint8_t)rng_below(r, 5);
		d->ip = (uint8_t)rng_range(r, 2, 250);
	}
}

static void
make_person(struct gen *g, struct rng *r, uint32_t pi, uint16_t di)
{
	struct person *p = &g->people[pi];
	struct domain *d = &g->domains[di];
	const struct nm *f, *l;
	bool native;
	char local[48];
	unsigned c;

	p->domain = di;
	switch (d->region) {
	case R_IL:
		f = &PICK(r, first_he);
		l = &PICK(r, last_he);
		native = rng_pct(r, 65);
		p->script = native ? L_HE : L_EN;
		break;
	case R_ARAB:
		f = &PICK(r, first_ar);
		l = &PICK(r, last_ar);
		native = rng_pct(r, 70);
		p->script = native ? L_AR : L_EN;
		break;
	default:
		f = &PICK(r, first_en);
		l = &PICK(r, last_en);
		native = true;
		p->script = L_EN;
		break;
	}
	p->first = native ? f->native : f->latin;
	snprintf(p->display, sizeof p->display, "%s %s",
	    native ? f->native : f->latin, native ? l->native : l->latin);
	p->last_first = p->script == L_EN && rng_pct(r, 5);
	if (p->last_first)
		snprintf(p->display, sizeof p->display, "%s, %s",
		    native ? l->native : l->latin, native ? f->native : f->latin);
	switch (d->style) {
	case 0: snprintf(local, sizeof local, "%s.%s", f->local, l->local); break;
	case 1: snprintf(local, sizeof local, "%c%s", f->local[0], l->local); break;
	case 2: snprintf(local, sizeof local, "%s", f->local); break;
	case 3: snprintf(local, sizeof local, "%s_%s", f->local, l->local); break;
	default: snprintf(local, sizeof local, "%s%c", f->local, l->local[0]); break;
	}
	/* Addresses are unique: a namesake in the same company gets a digit. */
	for (unsigned n = 1;; n++) {
		bool clash = false;

		if (n == 1)
			snprintf(p->addr, sizeof p->addr, "%s@%s", local, d->name);
		else
			snprintf(p->addr, sizeof p->addr, "%s%u@%s", local, n, d->name);
		for (uint32_t k = d->first; k < pi && !clash; k++)
			clash = strcmp(g->people[k].addr, p->addr) == 0;
		if (!clash)
			break;
	}
	c = rng_below(r, 100);
	p->client = c < 45 ? C_OUTLOOK : c < 70 ? C_GMAIL : c < 85 ? C_TBIRD : C_APPLE;
	p->title = (uint8_t)rng_below(r, 8);
	snprintf(p->phone, sizeof p->phone, region_phone[d->region],
	    rng_range(r, 100, 9999));
}

static void
make_people(struct gen *g)
{
	unsigned count[NDOMAINS];
	struct rng r;
	uint32_t pi = 0;

	rng_init(&r, g->seed, S_POOL, 0);
	make_domains(g, &r);
	/* One person in every domain, the rest in a few big ones. */
	for (unsigned i = 0; i < NDOMAINS; i++)
		count[i] = 1;
	for (unsigned i = NDOMAINS; i < NPEOPLE; i++)
		count[rng_skew(&r, NDOMAINS, 2)]++;
	for (uint16_t di = 0; di < NDOMAINS; di++) {
		g->domains[di].first = pi;
		g->domains[di].count = count[di];
		for (unsigned k = 0; k < count[di]; k++, pi++)
			make_person(g, &r, pi, di);
	}
	for (unsigned l = 0; l < NLANGS; l++)
		g->by_lang[l] = xcalloc(NPEOPLE, sizeof(uint32_t));
	for (uint32_t i = 0; i < NPEOPLE; i++) {
		unsigned reg = g->domains[g->people[i].domain].region;

		g->by_lang[L_EN][g->nby_lang[L_EN]++] = i;
		if (reg == R_IL)
			g->by_lang[L_HE][g->nby_lang[L_HE]++] = i;
		if (reg == R_ARAB)
			g->by_lang[L_AR][g->nby_lang[L_AR]++] = i;
	}
}

/* A correspondent: some write far more often than others. */
static uint32_t
pick_person(struct gen *g, struct rng *r, unsigned lang)
{
	return g->by_lang[lang][rng_skew(r, g->nby_lang[lang], 2)];
}

static const struct person *
person(const struct gen *g, uint32_t pi)
{
	static const struct person own = {
		OWN_ADDR, OWN_NAME, "Dana", "+972 3 555 0100", 0, L_EN, C_TBIRD,
		0, false,
	};

	return pi == OWN ? &own : &g->people[pi];
}

static const char *
person_domain(const struct gen *g, uint32_t pi)
{
	return pi == OWN ? OWN_DOMAIN : g->domains[g->people[pi].domain].name;
}

static unsigned
person_region(const struct gen *g, uint32_t pi)
{
	return pi == OWN ? R_IL : g->domains[g->people[pi].domain].region;
}

/* Seconds between two messages of a thread: mostly hours, some days. */
static int64_t
reply_delay(struct rng *r)
{
	unsigned x = rng_below(r, 100);

	if (x < 50)
		return rng_range(r, 300, 3 * 3600);
	if (x < 85)
		return rng_range(r, 3 * 3600, 86400);
	return rng_range(r, 86400, 5 * 86400);
}

static bool
in_thread(const struct thread *t, uint32_t pi)
{
	for (unsigned k = 0; k < t->nparts; k++)
		if (t->parts[k] == pi)
			return true;
	return false;
}

static void
plan_thread(struct gen *g, struct rng *r, struct thread *t, uint32_t ti)
{
	unsigned x = rng_below(r, 100), want;
	int64_t rel[MAX_THREAD], dur, day, tod;
	const struct domain *d;
	unsigned wd;

	t->lang = x < 8 ? L_HE : x < 13 ? L_AR : L_EN;
	t->parts[0] = pick_person(g, r, t->lang);
	t->nparts = 1;
	d = &g->domains[g->people[t->parts[0]].domain];
	want = rng_range(r, 2, 5);
	for (unsigned tries = 0; t->nparts < want && tries < 20; tries++) {
		uint32_t p;

		/* Mostly colleagues of whoever started it. */
		if (d->count > 1 && rng_pct(r, 60))
			p = d->first + rng_below(r, d->count);
		else
			p = pick_person(g, r, rng_pct(r, 50) ? t->lang : L_EN);
		if (!in_thread(t, p))
			t->parts[t->nparts++] = p;
	}
	if (t->nparts < 2)     /* a lone person in a tiny pool: anyone will do */
		t->parts[t->nparts++] = (t->parts[0] + 1) % NPEOPLE;

	rel[0] = 0;
	for (unsigned k = 1; k < t->len; k++)
		rel[k] = rel[k - 1] + reply_delay(r);
	dur = rel[t->len - 1];
	/* Started on a working day and hour, ending before BASE_TIME. */
	day = rng_below(r, (uint32_t)(SPAN_DAYS - dur / 86400 - 5));
	tod = rng_range(r, 7 * 3600 + 1800, 18 * 3600 + 1800);
	day += BASE_TIME / 86400 - SPAN_DAYS;
	wd = (unsigned)((day + 4) % 7);
	if (d->region == R_IL)
		day += wd == 5 ? 2 : wd == 6 ? 1 : 0;
	else
		day += wd == 6 ? 2 : wd == 0 ? 1 : 0;
	t->start = day * 86400 + tod - region_tz[d->region] * 60;

	for (unsigned k = 0; k < t->len; k++) {
		struct msg *m = &g->msgs[t->first + k];
		uint32_t psender;

		m->thread = ti;
		m->date = t->start + rel[k];
		if (k == 0) {
			m->parent = NONE;
			m->depth = 0;
			m->from = rng_pct(r, 25) ? OWN : t->parts[0];
		} else {
			/* Mostly the latest message, sometimes an earlier one. */
			m->parent = rng_below(r, 4) != 0 ? t->first + k - 1 :
			    t->first + rng_below(r, k);
			m->depth = (uint8_t)(g->msgs[m->parent].depth + 1);
			psender = g->msgs[m->parent].from;
			if (psender == OWN) {
				m->from = rng_pct(r, 70) ? t->parts[0] :
				    t->parts[1 + rng_below(r, t->nparts - 1u)];
			} else if (rng_pct(r, 45)) {
				m->from = OWN;
			} else {
				m->from = t->parts[rng_below(r, t->nparts)];
				if (m->from == psender)
					m->from = OWN;
			}
		}
		m->flags = 0;
		if (rng_pct(r, 60))
			m->flags |= M_SEEN;
		if (rng_pct(r, 5))
			m->flags |= M_FLAGGED;
	}
}

static const unsigned html_permille[] = {
	[C_OUTLOOK] = 340, [C_GMAIL] = 380, [C_TBIRD] = 55, [C_APPLE] = 135,
};

/* Sizes come from their own stream, so --small keeps the structure. */
static void
plan_size(struct gen *g, uint32_t mi)
{
	struct msg *m = &g->msgs[mi];
	unsigned parent_own = m->parent == NONE ? 0 : g->msgs[m->parent].own_len;
	unsigned quote = 0, target, avail, own;
	struct rng r;

	rng_init(&r, g->seed, S_SIZE, mi);
	if (m->parent != NONE && rng_pct(&r, 85))
		quote = parent_own;
	if (g->small) {
		own = rng_range(&r, 500, 1100);
		if (quote > 900)
			quote = rng_range(&r, 300, 900);
		m->own_len = (uint16_t)own;
		m->quote_len = (uint16_t)quote;
		m->target = 0;
		return;
	}
	if (rng_below(&r, 1000) < 100)
		m->flags |= M_ATTACH;
	if (rng_below(&r, 1000) < html_permille[person(g, m->from)->client])
		m->flags |= M_HTML;
	if (m->flags & M_ATTACH)
		target = 9000 + rng_skew(&r, MAX_SIZE - 9000, 2);
	else if (rng_pct(&r, 5))
		target = 12000 + rng_skew(&r, 26000, 2);
	else
		target = 2300 + rng_skew(&r, 9700, 2);
	avail = (m->flags & M_ATTACH) ? rng_range(&r, 2500, 8000) : target;
	avail = avail > 1900 ? avail - 1900 : 0;     /* the headers */
	/* Bytes written per byte of text, in tenths: Hebrew and Arabic in
	 * quoted-printable triple, HTML adds markup to a second copy. */
	{
		bool rtl = g->threads[m->thread].lang != L_EN;
		bool qp = person(g, m->from)->client != C_TBIRD;
		unsigned f = rtl && qp ? 30 : 10;

		if (m->flags & M_HTML)
			f += rtl ? 33 : 17;
		avail = avail * 10 / f;
	}
	own = avail > quote ? avail - quote : 0;
	if (own < 350) {
		own = rng_range(&r, 350, 900);
		/* A long parent is quoted in part, as when the rest is cut. */
		if (quote + own > avail)
			quote = avail > own + 200 ? avail - own : 200;
		if (quote > parent_own)
			quote = parent_own;
	}
	if (own > 16000)
		own = 16000;
	m->own_len = (uint16_t)own;
	m->quote_len = (uint16_t)quote;
	m->target = (uint16_t)target;
}

static struct gen *sort_gen;

static int
by_date(const void *a, const void *b)
{
	const struct msg *ma = &sort_gen->msgs[*(const uint32_t *)a];
	const struct msg *mb = &sort_gen->msgs[*(const uint32_t *)b];
	uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;

	/* A total order, so the sort's algorithm cannot change the result. */
	if (ma->date != mb->date)
		return ma->date < mb->date ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}

static void
make_plan(struct gen *g)
{
	struct rng r;
	uint32_t i = 0;

	g->msgs = xcalloc(g->count, sizeof *g->msgs);
	g->threads = xcalloc(g->count, sizeof *g->threads);
	rng_init(&r, g->seed, S_PLAN, 0);
	while (i < g->count) {
		struct thread *t = &g->threads[g->nthreads];
		unsigned len = 1;

		/* Geometric, mean about 4, at most MAX_THREAD. */
		while (len < MAX_THREAD && rng_below(&r, 4) != 0)
			len++;
		if (len > g->count - i)
			len = g->count - i;
		t->first = i;
		t->len = (uint8_t)len;
		plan_thread(g, &r, t, g->nthreads);
		for (unsigned k = 0; k < len; k++)
			plan_size(g, i + k);
		i += len;
		g->nthreads++;
	}
	g->order = xcalloc(g->count, sizeof *g->order);
	for (i = 0; i < g->count; i++)
		g->order[i] = i;
	sort_gen = g;
	qsort(g->order, g->count, sizeof *g->order, by_date);
}

static void
thread_ctx(const struct gen *g, uint32_t ti, struct tctx *c)
{
	const struct thread *t = &g->threads[ti];
	const struct person *p = &g->people[t->parts[0]];
	struct civil cv;
	struct rng r;

	rng_init(&r, g->seed, S_THREAD, ti);
	c->lang = t->lang;
	c->product = rng_below(&r, 10);
	c->topic = rng_below(&r, 8);
	c->qty = 50 * rng_range(&r, 1, 60);
	c->amount = 10 * rng_range(&r, 120, 9000);
	c->inv = rng_range(&r, 1, 99999);
	c->po = rng_range(&r, 100000, 999999);
	c->ship = rng_range(&r, 1000000, 9999999);
	c->quote = rng_range(&r, 1000, 99999);
	c->tmpl = rng_next(&r) >> 40;
	c->rare = rng_below(&r, 1000) < 15 ? (int)rng_below(&r, NELEM(rare)) : -1;
	c->company = g->domains[p->domain].company;
	c->region = g->domains[p->domain].region;
	civil_from(t->start, &cv);
	c->mon = (unsigned)cv.mon - 1;
	c->year = (unsigned)cv.year;
}

/* Fills {X} slots of TMPL; R supplies what varies from message to message. */
static void
fill(struct sb *b, const char *tmpl, const struct tctx *c, struct rng *r)
{
	for (const char *s = tmpl; *s != '\0'; s++) {
		if (s[0] != '{' || s[1] == '\0' || s[2] != '}') {
			sb_addc(b, *s);
			continue;
		}
		switch (s[1]) {
		case 'P': sb_adds(b, product[c->lang][c->product]); break;
		case 'T': sb_adds(b, topic[c->lang][c->topic]); break;
		case 'I': sb_addf(b, "INV-%u-%05u", c->year, c->inv); break;
		case 'O': sb_addf(b, "%u", c->po); break;
		case 'S': sb_addf(b, "SH%u", c->ship); break;
		case 'N': sb_addf(b, "Q-%u", c->quote); break;
		case 'Q': sb_addf(b, "%u", c->qty); break;
		case 'Y': sb_addf(b, "%u", c->year); break;
		case 'M': sb_adds(b, month[c->lang][(c->mon + rng_below(r, 2)) % 12]); break;
		case 'D': sb_adds(b, weekday[c->lang][rng_range(r, 0, 4) + (c->region != R_IL)]); break;
		case 'C': sb_adds(b, c->company); break;
		case 'R': sb_adds(b, rare[c->rare >= 0 ? (unsigned)c->rare : rng_below(r, NELEM(rare))]); break;
		case 'A':
			sb_adds(b, region_currency[c->region]);
			if (c->amount >= 1000)
				sb_addf(b, "%u,%03u", c->amount / 1000, c->amount % 1000);
			else
				sb_addf(b, "%u", c->amount);
			break;
		default: sb_add(b, s, 3); break;
		}
		s += 2;
	}
}

static void
subject_base(const struct gen *g, uint32_t ti, struct sb *b)
{
	struct tctx c;
	struct rng r;

	thread_ctx(g, ti, &c);
	rng_init(&r, g->seed, S_THREAD, ti + (UINT64_C(1) << 40));
	if (c.lang == L_EN && c.rare >= 0)
		fill(b, subj_rare_en[c.tmpl % NELEM(subj_rare_en)], &c, &r);
	else
		fill(b, subj[c.lang][c.tmpl % nsubj[c.lang]], &c, &r);
}

/* --- recipients ---------------------------------------------------------- */

struct rcpts {
	uint32_t to[6], cc[6];
	unsigned nto, ncc;
};

static bool
add_rcpt(struct rcpts *rc, uint32_t p, bool cc)
{
	for (unsigned k = 0; k < rc->nto; k++)
		if (rc->to[k] == p)
			return false;
	for (unsigned k = 0; k < rc->ncc; k++)
		if (rc->cc[k] == p)
			return false;
	if (cc && rc->nto > 0)
		rc->cc[rc->ncc++] = p;
	else
		rc->to[rc->nto++] = p;
	return true;
}

/*
 * One to four people of the thread other than the sender, whoever wrote
 * the parent first; and the owner when someone else writes.
 */
static void
recipients(const struct gen *g, uint32_t mi, struct rcpts *rc)
{
	const struct msg *m = &g->msgs[mi];
	const struct thread *t = &g->threads[m->thread];
	uint32_t cand[5], psender = NONE;
	unsigned ncand = 0, want, got = 0, x;
	struct rng r;

	rng_init(&r, g->seed, S_RCPT, mi);
	memset(rc, 0, sizeof *rc);
	for (unsigned k = 0; k < t->nparts; k++)
		if (t->parts[k] != m->from)
			cand[ncand++] = t->parts[k];
	x = rng_below(&r, 100);
	want = x < 45 ? 1 : x < 75 ? 2 : x < 90 ? 3 : 4;
	if (want > ncand)
		want = ncand;
	if (m->parent != NONE)
		psender = g->msgs[m->parent].from;
	if (psender == OWN)
		add_rcpt(rc, OWN, false);
	else if (psender != NONE && psender != m->from && add_rcpt(rc, psender, false))
		got++;
	for (unsigned k = 0; k < ncand; k++) {      /* a shuffle */
		unsigned j = k + rng_below(&r, ncand - k);
		uint32_t tmp = cand[k];

		cand[k] = cand[j];
		cand[j] = tmp;
	}
	for (unsigned k = 0; k < ncand && got < want; k++)
		if (add_rcpt(rc, cand[k], rng_pct(&r, 50)))
			got++;
	if (m->from != OWN)
		add_rcpt(rc, OWN, rng_pct(&r, 30));
}

/* --- encodings ------------------------------------------------------------- */

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64_add(struct sb *b, const unsigned char *s, size_t n)
{
	sb_reserve(b, (n + 2) / 3 * 4);
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char *o = b->p + b->len;

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		o[0] = b64chars[(v >> 18) & 63];
		o[1] = b64chars[(v >> 12) & 63];
		o[2] = i + 1 < n ? b64chars[(v >> 6) & 63] : '=';
		o[3] = i + 2 < n ? b64chars[v & 63] : '=';
		b->len += 4;
	}
	b->p[b->len] = '\0';
}

static size_t
u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static size_t
u8cols(const char *s, size_t n)
{
	size_t cols = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cols++;
	return cols;
}

static bool
q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	    c == '-' || c == '/';
}

/*
 * Appends S as RFC 2047 encoded words of at most 75 characters, split at
 * character boundaries and folded when a line would pass 78.  *COL is the
 * current line's length.
 */
static void
ew_add(struct sb *b, const char *s, bool q, const char *charset, size_t *col)
{
	size_t n = strlen(s), i = 0, over = strlen(charset) + 7;

	while (i < n) {
		size_t j = i, enc = 0;

		while (j < n) {
			size_t cl = u8len((unsigned char)s[j]), cost = 0;

			if (q) {
				for (size_t k = 0; k < cl; k++)
					cost += (q_literal((unsigned char)s[j + k]) ||
					    s[j + k] == ' ') ? 1 : 3;
				if (enc + cost + over > 75)
					break;
				enc += cost;
			} else if ((j + cl - i + 2) / 3 * 4 + over > 75) {
				break;
			}
			j += cl;
		}
		if (!q)
			enc = (j - i + 2) / 3 * 4;
		if (i > 0 || (*col + enc + over > 78 && *col > 1)) {
			/* The fold replaces a space just written, never adds one. */
			if (b->len > 0 && b->p[b->len - 1] == ' ')
				b->len--;
			sb_adds(b, "\n ");
			*col = 1;
		}
		sb_addf(b, "=?%s?%c?", charset, q ? 'Q' : 'B');
		if (q) {
			for (size_t k = i; k < j; k++) {
				unsigned char c = (unsigned char)s[k];

				if (c == ' ')
					sb_addc(b, '_');
				else if (q_literal(c))
					sb_addc(b, (char)c);
				else
					sb_addf(b, "=%02X", c);
			}
		} else {
			b64_add(b, (const unsigned char *)s + i, j - i);
		}
		sb_adds(b, "?=");
		*col += enc + over;
		i = j;
	}
}

/* Unstructured text, folded at spaces when it passes 78 columns. */
static void
plain_add(struct sb *b, const char *s, size_t *col)
{
	while (*s != '\0') {
		const char *sp = strchr(s + 1, ' ');
		size_t wl = sp != NULL ? (size_t)(sp - s) : strlen(s);

		if (*col + wl > 78 && *col > 20 && *s == ' ') {
			sb_adds(b, "\n");
			*col = 0;
		}
		sb_add(b, s, wl);
		*col += wl;
		s += wl;
	}
}

/* A mailbox as a client writes it: plain, quoted, or encoded words. */
static void
mailbox_add(struct sb *b, const struct person *p, size_t *col)
{
	const char *cs = p->client == C_OUTLOOK ? "utf-8" : "UTF-8";
	size_t alen = strlen(p->addr) + 3;

	if (is_ascii(p->display, strlen(p->display))) {
		size_t dl = strlen(p->display) + (p->last_first ? 2 : 0);

		sb_addf(b, p->last_first ? "\"%s\"" : "%s", p->display);
		*col += dl;
	} else {
		/* Mostly Latin names read better in Q; Apple Mail uses Q always. */
		bool q = p->client == C_APPLE || p->script == L_EN;

		ew_add(b, p->display, q, cs, col);
	}
	if (*col + alen > 78) {
		sb_adds(b, "\n");
		*col = 0;
	}
	sb_addf(b, " <%s>", p->addr);
	*col += alen;
}

static void
addr_header(struct sb *b, const struct gen *g, const char *name,
    const uint32_t *list, unsigned n)
{
	size_t col = strlen(name) + 1;

	sb_addf(b, "%s:", name);
	for (unsigned k = 0; k < n; k++) {
		const struct person *p = person(g, list[k]);
		size_t dl = strlen(p->display), est = strlen(p->addr) + 4 +
		    (is_ascii(p->display, dl) ? dl + 2 : 12 + dl * 4 / 3);

		if (k > 0) {
			sb_addc(b, ',');
			col++;
		}
		/* Each mailbox on the line if it fits, else on its own. */
		if (col + est > 78 && col > 4) {
			sb_adds(b, "\n ");
			col = 1;
		} else {
			sb_addc(b, ' ');
			col++;
		}
		mailbox_add(b, p, &col);
	}
	sb_addc(b, '\n');
}

/* Quoted-printable, lines of at most 76, trailing blanks encoded. */
static void
qp_add(struct sb *b, const char *s, size_t n)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool eol = i + 1 == n || s[i + 1] == '\n';
		bool lit;

		if (c == '\n') {
			sb_addc(b, '\n');
			col = 0;
			continue;
		}
		lit = (c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && !eol);
		if (col + (lit ? 1 : 3) > 75) {
			sb_adds(b, "=\n");
			col = 0;
		}
		if (lit)
			sb_addc(b, (char)c);
		else
			sb_addf(b, "=%02X", c);
		col += lit ? 1 : 3;
	}
}

/* RFC 5322: "Thu, 01 Jan 2026 09:15:02 +0200", in the writer's zone. */
static void
fmt_date(char *out, size_t sz, int64_t t, int tz)
{
	struct civil c;
	int atz = tz < 0 ? -tz : tz;

	civil_from(t + tz * 60, &c);
	snprintf(out, sz, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
	    day_abbr[c.wday], c.day, month_abbr[c.mon - 1], c.year, c.hour,
	    c.min, c.sec, tz < 0 ? '-' : '+', atz / 60, atz % 60);
}

/* "Thu Jan  1 00:00:00 2026", UTC, for mbox From lines. */
static void
fmt_ctime(char *out, size_t sz, int64_t t)
{
	struct civil c;

	civil_from(t, &c);
	snprintf(out, sz, "%s %s %2d %02d:%02d:%02d %d", day_abbr[c.wday],
	    month_abbr[c.mon - 1], c.day, c.hour, c.min, c.sec, c.year);
}

/* dd.mm.yyyy HH:MM (or with slashes) in the writer's zone, for attributions. */
static void
fmt_short(char *out, size_t sz, int64_t t, int tz, bool slash)
{
	struct civil c;

	civil_from(t + tz * 60, &c);
	snprintf(out, sz, slash ? "%02d/%02d/%d %02d:%02d" :
	    "%02d.%02d.%d %02d:%02d", c.day, c.mon, c.year, c.hour, c.min);
}

static void
hex_add(struct sb *b, struct rng *r, unsigned n, bool upper)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";

	for (unsigned i = 0; i < n; i++)
		sb_addc(b, (upper ? up : lo)[rng_below(r, 16)]);
}

static void
msgid_add(struct sb *b, const struct gen *g, uint32_t mi)
{
	const struct msg *m = &g->msgs[mi];
	const struct person *p = person(g, m->from);
	const char *dom = person_domain(g, m->from);
	struct rng r;

	rng_init(&r, g->seed, S_MSGID, mi);
	sb_addc(b, '<');
	switch (p->client) {
	case C_OUTLOOK:
		hex_add(b, &r, 32, true);
		sb_addf(b, "@%s>", dom);
		break;
	case C_GMAIL:
		sb_adds(b, "CA+");
		for (unsigned i = 0; i < 40; i++)
			sb_addc(b, b64chars[rng_below(&r, 62)]);
		sb_adds(b, "@mail.gmail.example>");
		break;
	case C_TBIRD:
		hex_add(b, &r, 8, false);
		sb_addc(b, '-');
		hex_add(b, &r, 4, false);
		sb_addc(b, '-');
		hex_add(b, &r, 4, false);
		sb_addc(b, '-');
		hex_add(b, &r, 4, false);
		sb_addc(b, '-');
		hex_add(b, &r, 12, false);
		sb_addf(b, "@%s>", dom);
		break;
	default:
		hex_add(b, &r, 8, true);
		sb_addc(b, '-');
		hex_add(b, &r, 4, true);
		sb_addc(b, '-');
		hex_add(b, &r, 12, true);
		sb_addf(b, "@%s>", dom);
		break;
	}
}

/* --- bodies -------------------------------------------------------------- */

/*
 * The new text of message MI, unwrapped: paragraphs separated by blank
 * lines, hard breaks only inside the closing.  A reply rebuilds its
 * parent's text with this function to quote it.
 */
static void
own_text(const struct gen *g, uint32_t mi, struct sb *b)
{
	const struct msg *m = &g->msgs[mi];
	const struct person *p = person(g, m->from);
	struct rcpts rc;
	struct tctx c;
	struct rng r;
	unsigned lang;
	size_t stop;
	uint64_t used = 0;      /* sentences said already: no repeats until all are */
	bool rare_done = false;

	thread_ctx(g, m->thread, &c);
	lang = c.lang;
	recipients(g, mi, &rc);
	rng_init(&r, g->seed, S_BODY, mi);
	sb_addf(b, greeting[lang][rng_below(&r, 4)],
	    person(g, rc.nto > 0 ? rc.to[0] : rc.cc[0])->first);
	sb_adds(b, "\n\n");
	stop = m->own_len > 60 ? m->own_len - 40 : 20;
	while (b->len < stop) {
		unsigned ns = rng_range(&r, 2, 5);

		for (unsigned k = 0; k < ns && b->len < stop + 80; k++) {
			unsigned si = rng_below(&r, (uint32_t)nsent[lang]);
			const char *tmpl;

			if (used == (UINT64_C(1) << nsent[lang]) - 1)
				used = 0;
			while (used & (UINT64_C(1) << si))
				si = (si + 1) % (unsigned)nsent[lang];
			used |= UINT64_C(1) << si;
			tmpl = sent[lang][si];

			if (!rare_done && ((c.rare >= 0 && rng_pct(&r, 30)) ||
			    rng_below(&r, 1000) < 3)) {
				tmpl = rare_sent[lang];
				rare_done = true;
			}
			if (k > 0)
				sb_addc(b, ' ');
			fill(b, tmpl, &c, &r);
		}
		sb_adds(b, "\n\n");
	}
	sb_addf(b, "%s\n%s\n", closing[lang][rng_below(&r, 4)], p->first);
}

/* Appends unwrapped TEXT wrapped at WRAP columns, each line after PREFIX. */
static void
wrap_add(struct sb *b, const char *text, size_t n, const char *prefix)
{
	size_t i = 0;

	while (i < n) {
		size_t eol = i, col = 0, last = 0;

		while (eol < n && text[eol] != '\n')
			eol++;
		if (eol == i) {
			/* An empty line quotes as a bare ">". */
			sb_add(b, prefix, strcspn(prefix, " "));
			sb_addc(b, '\n');
			i++;
			continue;
		}
		while (i < eol) {
			size_t j = i;

			col = 0;
			last = 0;
			while (j < eol) {
				size_t w = j;

				while (w < eol && text[w] != ' ')
					w++;
				if (col > 0 && col + 1 + u8cols(text + j, w - j) > WRAP)
					break;
				col += (col > 0) + u8cols(text + j, w - j);
				last = w;
				j = w < eol ? w + 1 : w;
			}
			if (last == 0)
				last = eol;
			sb_adds(b, prefix);
			sb_add(b, text + i, last - i);
			sb_addc(b, '\n');
			i = last < eol ? last + 1 : eol;
		}
		i = eol + 1;
	}
}

static void
html_escape_add(struct sb *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': sb_adds(b, "&lt;"); break;
		case '>': sb_adds(b, "&gt;"); break;
		case '&': sb_adds(b, "&amp;"); break;
		case '"': sb_adds(b, "&quot;"); break;
		case '\n': sb_adds(b, "<br>"); break;
		default: sb_addc(b, s[i]); break;
		}
	}
}

/* Paragraphs of unwrapped text as <p> elements, one per line. */
static void
html_paras_add(struct sb *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *end = strstr(s + i, "\n\n");
		size_t pe = end != NULL && (size_t)(end - s) < n ? (size_t)(end - s) : n;

		while (pe > i && s[pe - 1] == '\n')
			pe--;
		if (pe > i) {
			sb_adds(b, "<p>");
			html_escape_add(b, s + i, pe - i);
			sb_adds(b, "</p>\n");
		}
		i = pe;
		while (i < n && s[i] == '\n')
			i++;
	}
}

struct parts {
	struct sb own, quote, attrib, sig, text, html;
};

static void
build_parts(const struct gen *g, uint32_t mi, struct parts *pt, unsigned pad,
    size_t quote_max)
{
	const struct msg *m = &g->msgs[mi];
	const struct person *p = person(g, m->from);
	unsigned lang = g->threads[m->thread].lang;
	unsigned reg = person_region(g, m->from);
	size_t ql;

	sb_clear(&pt->own);
	sb_clear(&pt->quote);
	sb_clear(&pt->attrib);
	sb_clear(&pt->sig);
	sb_clear(&pt->text);
	sb_clear(&pt->html);
	own_text(g, mi, &pt->own);

	sb_addf(&pt->sig, "%s\n%s | %s\nTel. %s\n", p->display,
	    m->from == OWN ? "Head of Procurement" :
	    title[p->script][p->title],
	    m->from == OWN ? "Tether Bench Ltd." :
	    g->domains[p->domain].company, p->phone);
	for (unsigned k = 0; k < pad; k++)
		sb_addf(&pt->sig, "\n%s\n", disclaimer[reg == R_IL ? L_HE :
		    reg == R_ARAB ? L_AR : L_EN]);

	ql = m->quote_len < quote_max ? m->quote_len : quote_max;
	if (ql > 0) {
		const struct msg *pm = &g->msgs[m->parent];
		const struct person *pp = person(g, pm->from);
		char when[48];

		own_text(g, m->parent, &pt->quote);
		/* Cut at a line end, as a writer trimming the quote would. */
		if (ql < pt->quote.len) {
			while (ql > 0 && pt->quote.p[ql - 1] != '\n')
				ql--;
			pt->quote.len = ql;
			pt->quote.p[ql] = '\0';
		}
		switch (lang) {
		case L_HE:
			fmt_short(when, sizeof when, pm->date, region_tz[R_IL], false);
			sb_addf(&pt->attrib, "בתאריך %s, מאת %s:", when, pp->display);
			break;
		case L_AR:
			fmt_short(when, sizeof when, pm->date, region_tz[reg], true);
			sb_addf(&pt->attrib, "في %s، كتب %s:", when, pp->display);
			break;
		default:
			fmt_date(when, sizeof when, pm->date, region_tz[reg]);
			sb_addf(&pt->attrib, "On %s, %s <%s> wrote:", when,
			    pp->display, pp->addr);
			break;
		}
	}

	wrap_add(&pt->text, pt->own.p, pt->own.len, "");
	sb_adds(&pt->text, "\n-- \n");
	wrap_add(&pt->text, pt->sig.p, pt->sig.len, "");
	if (pt->quote.len > 0) {
		sb_addc(&pt->text, '\n');
		wrap_add(&pt->text, pt->attrib.p, pt->attrib.len, "");
		wrap_add(&pt->text, pt->quote.p, pt->quote.len, "> ");
	}

	if (m->flags & M_HTML) {
		sb_adds(&pt->html, "<html>\n<head>\n<meta http-equiv=\"Content-Type\" "
		    "content=\"text/html; charset=utf-8\">\n</head>\n");
		sb_adds(&pt->html, lang == L_EN ? "<body>\n" : "<body dir=\"rtl\">\n");
		sb_adds(&pt->html, "<div style=\"font-family:Calibri,Arial,sans-serif;"
		    "font-size:11pt\">\n");
		html_paras_add(&pt->html, pt->own.p, pt->own.len);
		sb_adds(&pt->html, "<div class=\"signature\">-- <br>\n");
		html_paras_add(&pt->html, pt->sig.p, pt->sig.len);
		sb_adds(&pt->html, "</div>\n");
		if (pt->quote.len > 0) {
			sb_adds(&pt->html, "<div class=\"quote\">");
			html_escape_add(&pt->html, pt->attrib.p, pt->attrib.len);
			sb_adds(&pt->html, "<br>\n<blockquote style=\"margin:0 0 0 .8ex;"
			    "border-left:1px solid #ccc;padding-left:1ex\">\n");
			html_paras_add(&pt->html, pt->quote.p, pt->quote.len);
			sb_adds(&pt->html, "</blockquote>\n</div>\n");
		}
		sb_adds(&pt->html, "</div>\n</body>\n</html>\n");
	}
}

/* A text part's Content-Type and Content-Transfer-Encoding, and its body. */
static void
text_part_add(struct sb *b, const struct sb *txt, const char *sub,
    unsigned client)
{
	bool ascii = is_ascii(txt->p, txt->len);
	const char *cs = client == C_OUTLOOK ? "\"utf-8\"" : "UTF-8";
	bool qp = strcmp(sub, "html") == 0 || (!ascii && client != C_TBIRD);

	sb_addf(b, "Content-Type: text/%s; charset=%s\n", sub, cs);
	sb_addf(b, "Content-Transfer-Encoding: %s\n\n",
	    qp ? "quoted-printable" : ascii ? "7bit" : "8bit");
	if (qp)
		qp_add(b, txt->p, txt->len);
	else
		sb_add(b, txt->p, txt->len);
}

static void
boundary(struct sb *b, struct rng *r, unsigned client, unsigned level)
{
	switch (client) {
	case C_OUTLOOK:
		sb_addf(b, "_%03u_", level * 4);
		hex_add(b, r, 32, true);
		sb_adds(b, "_");
		break;
	case C_GMAIL:
		sb_adds(b, "000000000000");
		hex_add(b, r, 12, false);
		break;
	case C_TBIRD:
		sb_adds(b, "------------");
		for (unsigned i = 0; i < 24; i++)
			sb_addc(b, b64chars[rng_below(r, 62)]);
		break;
	default:
		sb_adds(b, "Apple-Mail=_");
		hex_add(b, r, 8, true);
		sb_addc(b, '-');
		hex_add(b, r, 4, true);
		sb_addc(b, '-');
		hex_add(b, r, 12, true);
		break;
	}
}

/* RFC 2231 parameter value: extended, split into continuations. */
static void
rfc2231_add(struct sb *b, const char *param, const char *v)
{
	struct sb enc = { 0 };
	size_t i = 0, part = 0;

	for (const unsigned char *s = (const unsigned char *)v; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("!#$&+-.^_`|~", *s))
			sb_addc(&enc, (char)*s);
		else
			sb_addf(&enc, "%%%02X", *s);
	}
	if (enc.len <= 50) {
		sb_addf(b, ";\n %s*=UTF-8''%s", param, enc.p);
		free(enc.p);
		return;
	}
	while (i < enc.len) {
		size_t n = enc.len - i > 54 ? 54 : enc.len - i;

		/* Never split a %XX triplet. */
		if (i + n < enc.len) {
			if (enc.p[i + n - 1] == '%')
				n -= 1;
			else if (enc.p[i + n - 2] == '%')
				n -= 2;
		}
		sb_addf(b, ";\n %s*%zu*=%s", param, part, part == 0 ? "UTF-8''" : "");
		sb_add(b, enc.p + i, n);
		part++;
		i += n;
	}
	free(enc.p);
}

static void
attachment_add(const struct gen *g, uint32_t mi, struct sb *b, size_t room)
{
	const struct msg *m = &g->msgs[mi];
	const struct person *p = person(g, m->from);
	unsigned reg = person_region(g, m->from);
	const struct att_name *an;
	const struct att_kind *k;
	struct sb name = { 0 }, raw = { 0 };
	struct tctx c;
	struct rng r;
	size_t nraw;

	thread_ctx(g, m->thread, &c);
	rng_init(&r, g->seed, S_ATTACH, mi);
	if (c.lang == L_HE && rng_pct(&r, 70))
		an = &PICK(&r, att_he);
	else if (c.lang == L_AR && rng_pct(&r, 70))
		an = &PICK(&r, att_ar);
	else if ((reg == R_DE || reg == R_FR) && rng_pct(&r, 30))
		an = &PICK(&r, att_latin);
	else
		an = &PICK(&r, att_en);
	k = &att_kinds[an->kind];
	fill(&name, an->tmpl, &c, &r);

	sb_addf(b, "Content-Type: %s;", k->type);
	if (is_ascii(name.p, name.len)) {
		sb_addf(b, " name=\"%s\"\nContent-Disposition: attachment;\n"
		    " filename=\"%s\"", name.p, name.p);
	} else {
		/* Encoded words in name= as Outlook and Thunderbird write it;
		 * a column of 1 keeps the first word on the name= line, as a
		 * fold there would put a space inside the quotes. */
		size_t col = 1;

		sb_adds(b, "\n name=\"");
		ew_add(b, name.p, false, p->client == C_OUTLOOK ? "utf-8" : "UTF-8",
		    &col);
		sb_adds(b, "\"\nContent-Disposition: attachment");
		rfc2231_add(b, "filename", name.p);
	}
	sb_adds(b, "\nContent-Transfer-Encoding: base64\n\n");

	/* Fill the room left: base64 is 4/3 of the bytes plus a newline per 76. */
	nraw = room > 2000 ? (room - 200) * 3 / 4 * 76 / 77 : 1000;
	sb_reserve(&raw, nraw);
	sb_add(&raw, k->magic, k->magic_len);
	while (raw.len + 8 <= nraw) {
		uint64_t v = rng_next(&r);

		sb_add(&raw, (const char *)&v, 8);
	}
	for (size_t i = 0; i < raw.len; i += 57) {
		b64_add(b, (const unsigned char *)raw.p + i,
		    raw.len - i < 57 ? raw.len - i : 57);
		sb_addc(b, '\n');
	}
	free(name.p);
	free(raw.p);
}

/* --- headers and the whole message ------------------------------------------ */

struct built {
	struct sb msg;
	size_t hdr_end;         /* where the blank line after the headers starts */
	struct parts pt;
	struct sb tmp;
};

static void
received_add(const struct gen *g, uint32_t mi, struct sb *b, struct rng *r)
{
	const struct msg *m = &g->msgs[mi];
	const struct domain *d = &g->domains[g->people[m->from].domain];
	char when[48];
	unsigned sub = d->ip;

	fmt_date(when, sizeof when, m->date + rng_range(r, 2, 40), 0);
	sb_addf(b, "Return-Path: <%s>\n", g->people[m->from].addr);
	sb_addf(b, "Received: from mail.%s\n\t(mail.%s [203.0.113.%u])\n"
	    "\tby " MX_HOST " (Postfix) with ESMTPS id ", d->name, d->name, sub);
	hex_add(b, r, 10, true);
	sb_addf(b, "\n\tfor <" OWN_ADDR ">; %s\n", when);
	fmt_date(when, sizeof when, m->date + rng_range(r, 0, 1),
	    region_tz[d->region]);
	sb_addf(b, "Received: from [10.%u.%u.%u] (unknown [10.%u.%u.%u])\n"
	    "\tby mail.%s with ESMTPSA id ", sub, sub / 3, sub / 7 + 1, sub,
	    sub / 3, sub / 7 + 1, d->name);
	hex_add(b, r, 12, false);
	sb_addf(b, ";\n\t%s\n", when);
	sb_addf(b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n"
	    "\td=%s; s=s2024; t=%lld;\n"
	    "\th=from:to:cc:subject:date:message-id:references:in-reply-to;\n"
	    "\tbh=", d->name, (long long)m->date);
	for (unsigned i = 0; i < 43; i++)
		sb_addc(b, b64chars[rng_below(r, 64)]);
	sb_adds(b, "=;\n\tb=");
	for (unsigned i = 0; i < 344; i++) {
		if (i > 0 && i % 70 == 0)
			sb_adds(b, "\n\t ");
		sb_addc(b, b64chars[rng_below(r, 64)]);
	}
	sb_addc(b, '\n');
}

static void
build_message(const struct gen *g, uint32_t mi, struct built *bt)
{
	const struct msg *m = &g->msgs[mi];
	const struct person *p = person(g, m->from);
	const struct thread *t = &g->threads[m->thread];
	unsigned reg = person_region(g, m->from);
	bool html = (m->flags & M_HTML) && !g->small;
	bool attach = (m->flags & M_ATTACH) && !g->small;
	size_t quote_max = SIZE_MAX;
	unsigned pad = 0;
	struct sb *b = &bt->msg, *s = &bt->tmp;

	for (;;) {
		struct rcpts rc;
		struct rng r;
		char when[48];
		size_t col;
		const char *cs = p->client == C_OUTLOOK ? "utf-8" : "UTF-8";
		char b0[80] = "", b1[80] = "";

		build_parts(g, mi, &bt->pt, pad, quote_max);
		sb_clear(b);
		rng_init(&r, g->seed, S_HDR, mi);
		if (m->from != OWN)
			received_add(g, mi, b, &r);
		sb_adds(b, p->client == C_OUTLOOK ? "Message-ID: " : "Message-Id: ");
		msgid_add(b, g, mi);
		fmt_date(when, sizeof when, m->date, region_tz[reg]);
		sb_addf(b, "\nDate: %s\nFrom: ", when);
		col = 6;
		mailbox_add(b, p, &col);
		sb_addc(b, '\n');
		recipients(g, mi, &rc);
		if (rc.nto > 0)
			addr_header(b, g, "To", rc.to, rc.nto);
		if (rc.ncc > 0)
			addr_header(b, g, "Cc", rc.cc, rc.ncc);

		sb_clear(s);
		if (m->parent != NONE)
			sb_adds(s, p->client == C_OUTLOOK ? "RE: " : "Re: ");
		subject_base(g, m->thread, s);
		sb_adds(b, "Subject: ");
		col = 9;
		if (is_ascii(s->p, s->len)) {
			plain_add(b, s->p, &col);
		} else {
			/* Gmail and Apple keep "Re: " outside the encoded words. */
			bool keep = m->parent != NONE &&
			    (p->client == C_GMAIL || p->client == C_APPLE);
			bool q = p->client == C_APPLE || t->lang == L_EN;

			if (keep) {
				sb_add(b, s->p, 4);
				col += 4;
			}
			ew_add(b, s->p + (keep ? 4 : 0), q, cs, &col);
		}
		sb_addc(b, '\n');
		if (m->parent != NONE) {
			uint32_t chain[MAX_THREAD], n = 0;

			for (uint32_t a = m->parent; a != NONE; a = g->msgs[a].parent)
				chain[n++] = a;
			sb_adds(b, "In-Reply-To: ");
			msgid_add(b, g, m->parent);
			sb_adds(b, "\nReferences:");
			for (uint32_t k = n; k-- > 0;) {
				sb_adds(b, k + 1 == n ? " " : "\n ");
				msgid_add(b, g, chain[k]);
			}
			sb_addc(b, '\n');
		}
		switch (p->client) {
		case C_OUTLOOK:
			sb_adds(b, "Thread-Index: AQH");
			for (unsigned i = 0; i < 25; i++)
				sb_addc(b, b64chars[rng_below(&r, 64)]);
			sb_addf(b, "==\nX-MS-Has-Attach:%s\nContent-Language: %s\n"
			    "X-Mailer: Microsoft Outlook 16.0\n", attach ? " yes" : "",
			    region_lang_tag[reg]);
			break;
		case C_TBIRD:
			sb_adds(b, "User-Agent: Mozilla Thunderbird\n");
			break;
		case C_APPLE:
			sb_adds(b, "X-Mailer: Apple Mail (2.3774.300.61.1.2)\n");
			break;
		default:
			break;
		}
		sb_adds(b, "MIME-Version: 1.0\n");
		sb_clear(s);
		if (attach) {
			boundary(s, &r, p->client, 1);
			snprintf(b0, sizeof b0, "%s", s->p);
		}
		sb_clear(s);
		if (html) {
			boundary(s, &r, p->client, 2);
			snprintf(b1, sizeof b1, "%s", s->p);
		}
		if (attach)
			sb_addf(b, "Content-Type: multipart/mixed;\n boundary=\"%s\"\n", b0);
		else if (html)
			sb_addf(b, "Content-Type: multipart/alternative;\n boundary=\"%s\"\n", b1);
		bt->hdr_end = b->len;
		if (attach || html)
			sb_adds(b, "\nThis is a multi-part message in MIME format.\n");
		if (attach) {
			sb_addf(b, "--%s\n", b0);
			if (html)
				sb_addf(b, "Content-Type: multipart/alternative;\n"
				    " boundary=\"%s\"\n\n", b1);
		}
		if (html) {
			sb_addf(b, "--%s\n", b1);
			text_part_add(b, &bt->pt.text, "plain", p->client);
			sb_addf(b, "\n--%s\n", b1);
			text_part_add(b, &bt->pt.html, "html", p->client);
			sb_addf(b, "\n--%s--\n", b1);
		} else if (attach) {
			text_part_add(b, &bt->pt.text, "plain", p->client);
		} else {
			/* A single part: its headers belong to the message's. */
			size_t at = b->len;

			text_part_add(b, &bt->pt.text, "plain", p->client);
			bt->hdr_end = (size_t)(strstr(b->p + at, "\n\n") - b->p) + 1;
		}
		if (attach) {
			size_t tail = strlen(b0) + 8;

			sb_addf(b, "\n--%s\n", b0);
			attachment_add(g, mi, b, m->target > b->len + tail + 400 ?
			    m->target - b->len - tail - 400 : 0);
			sb_addf(b, "\n--%s--\n", b0);
		}
		/* Small messages get a disclaimer, as many companies add one. */
		if (b->len < MIN_SIZE && !g->small && pad < 8) {
			pad++;
			continue;
		}
		if (b->len > MAX_SIZE && bt->pt.quote.len > 0) {
			quote_max = bt->pt.quote.len / 2;
			continue;
		}
		if (b->len > MAX_SIZE && html) {
			html = false;
			continue;
		}
		break;
	}
}

/* --- output -------------------------------------------------------------- */

struct out {
	const char *path;
	bool maildir;
	FILE *mbox;
	struct sb buf;
};

static void
die_io(const char *what, const char *path)
{
	fprintf(stderr, "gen-mail: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

/* mboxrd: a "From " line, the message with >*From lines quoted once more. */
static void
write_mbox(const struct gen *g, struct out *o, uint32_t mi, struct built *bt)
{
	const struct msg *m = &g->msgs[mi];
	struct sb *w = &o->buf;
	const char *s = bt->msg.p, *end = s + bt->msg.len;
	char when[40];

	sb_clear(w);
	fmt_ctime(when, sizeof when, m->date + 30);
	sb_addf(w, "From %s %s\n", person(g, m->from)->addr, when);
	sb_add(w, s, bt->hdr_end);
	/* mutt's flags, so a reader of the mbox sees what a Maildir name says. */
	sb_adds(w, (m->flags & M_SEEN) ? "Status: RO\n" : "Status: O\n");
	if (m->flags & M_FLAGGED)
		sb_adds(w, "X-Status: F\n");
	s += bt->hdr_end;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *q = s;
		size_t n = nl != NULL ? (size_t)(nl - s) + 1 : (size_t)(end - s);

		while (q < s + n && *q == '>')
			q++;
		if ((size_t)(s + n - q) >= 5 && memcmp(q, "From ", 5) == 0)
			sb_addc(w, '>');
		sb_add(w, s, n);
		s += n;
	}
	if (w->p[w->len - 1] != '\n')
		sb_addc(w, '\n');
	sb_addc(w, '\n');
	if (fwrite(w->p, 1, w->len, o->mbox) != w->len)
		die_io("cannot write", o->path);
}

static void
write_maildir(const struct gen *g, struct out *o, uint32_t mi, uint32_t n,
    struct built *bt)
{
	const struct msg *m = &g->msgs[mi];
	char path[4096];
	int fd;

	snprintf(path, sizeof path, "%s/cur/%u.%llu.bench:2,%s%s", o->path, n,
	    (unsigned long long)g->seed, (m->flags & M_FLAGGED) ? "F" : "",
	    (m->flags & M_SEEN) ? "S" : "");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		die_io("cannot create", path);
	if (write(fd, bt->msg.p, bt->msg.len) != (ssize_t)bt->msg.len)
		die_io("cannot write", path);
	if (close(fd) == -1)
		die_io("cannot close", path);
}

static void
mkdir_or_exists(const char *path)
{
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		die_io("cannot create", path);
}

static void
generate(struct gen *g, struct out *o)
{
	struct built bt;

	memset(&bt, 0, sizeof bt);
	if (o->maildir) {
		static const char *const sub[] = { "cur", "new", "tmp" };
		char path[4096];

		mkdir_or_exists(o->path);
		for (unsigned i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s/%s", o->path, sub[i]);
			mkdir_or_exists(path);
		}
	} else {
		if ((o->mbox = fopen(o->path, "w")) == NULL)
			die_io("cannot create", o->path);
		setvbuf(o->mbox, NULL, _IOFBF, 1 << 20);
	}
	for (uint32_t n = 0; n < g->count; n++) {
		uint32_t mi = g->order[n];

		build_message(g, mi, &bt);
		if (o->maildir)
			write_maildir(g, o, mi, n + 1, &bt);
		else
			write_mbox(g, o, mi, &bt);
	}
	if (o->mbox != NULL && fclose(o->mbox) != 0)
		die_io("cannot write", o->path);
	free(bt.msg.p);
	free(bt.tmp.p);
	free(bt.pt.own.p);
	free(bt.pt.quote.p);
	free(bt.pt.attrib.p);
	free(bt.pt.sig.p);
	free(bt.pt.text.p);
	free(bt.pt.html.p);
	free(o->buf.p);
}

/* Frees everything, so that leak checkers see only real leaks. */
static void
gen_free(struct gen *g)
{
	for (unsigned l = 0; l < NLANGS; l++)
		free(g->by_lang[l]);
	free(g->threads);
	free(g->msgs);
	free(g->order);
	free(g);
}

/* --- search queries ---------------------------------------------------------- */

static void
ymd(int64_t day, char *out, size_t sz)
{
	struct civil c;

	civil_from(day * 86400, &c);
	snprintf(out, sz, "%04d-%02d-%02d", c.year, c.mon, c.day);
}

/*
 * N queries, "kind<TAB>tether query<TAB>notmuch query" per line, cycling
 * through the kinds so each is equally represented.
 */
static void
print_queries(struct gen *g, unsigned n)
{
	static const char *const kinds[] = {
		"word", "rare", "two-words", "from", "subject", "attachment",
		"before", "after", "hebrew", "arabic",
	};

	for (unsigned i = 0; i < n; i++) {
		unsigned kind = i % NELEM(kinds);
		int64_t day0 = BASE_TIME / 86400 - SPAN_DAYS;
		char d1[16], d2[16];
		const char *w;
		struct rng r;

		rng_init(&r, g->seed, S_QUERY, i);
		printf("%s\t", kinds[kind]);
		switch (kind) {
		case 0: w = PICK(&r, q_common); printf("%s\t%s\n", w, w); break;
		case 1: w = PICK(&r, rare); printf("%s\t%s\n", w, w); break;
		case 2: w = PICK(&r, q_pairs); printf("%s\t%s\n", w, w); break;
		case 3:
			w = g->people[pick_person(g, &r, L_EN)].addr;
			printf("from:%s\tfrom:%s\n", w, w);
			break;
		case 4:
			w = PICK(&r, q_subject);
			printf("subject:%s\tsubject:%s\n", w, w);
			break;
		case 5:
			w = PICK(&r, q_common);
			printf("has:attachment %s\ttag:attachment %s\n", w, w);
			break;
		case 6: {
			int64_t day = day0 + 60 + rng_below(&r, SPAN_DAYS - 120);

			/* before: excludes its day; notmuch's ..DATE includes it. */
			w = PICK(&r, q_common);
			ymd(day, d1, sizeof d1);
			ymd(day - 1, d2, sizeof d2);
			printf("before:%s %s\tdate:..%s %s\n", d1, w, d2, w);
			break;
		}
		case 7: {
			int64_t day = day0 + 60 + rng_below(&r, SPAN_DAYS - 120);

			ymd(day, d1, sizeof d1);
			printf("after:%s\tdate:%s..\n", d1, d1);
			break;
		}
		case 8: w = PICK(&r, q_he); printf("%s\t%s\n", w, w); break;
		default: w = PICK(&r, q_ar); printf("%s\t%s\n", w, w); break;
		}
	}
}

/* --- main ------------------------------------------------------------------ */

static void
usage(FILE *fp)
{
	fputs("usage: gen-mail --count N --seed S --format mbox|maildir --out PATH [--small]\n"
	    "       gen-mail --queries N --seed S\n"
	    "       gen-mail --people --seed S\n"
	    "Writes N deterministic business messages (the same arguments give the\n"
	    "same bytes), or prints N search queries as kind, tether and notmuch\n"
	    "syntax separated by tabs, or prints the people who write the mail as\n"
	    "address, name and company separated by tabs.  --small: bodies of 1-2 KB, no attachments\n"
	    "and no HTML, with the same senders, subjects, dates and threads.\n", fp);
}

static bool
parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *s != '-' && *v <= max;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "small", no_argument, NULL, 'S' },
		{ "queries", required_argument, NULL, 'q' },
		{ "people", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gen *g = xcalloc(1, sizeof *g);
	struct out o = { 0 };
	uint64_t count = 0, queries = 0, v;
	const char *format = NULL;
	bool have_count = false, have_queries = false, people = false;
	int c;

	while ((c = getopt_long(argc, argv, "n:s:f:o:Sq:Ph", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_u64(optarg, 10000000, &count) || count == 0) {
				fprintf(stderr, "gen-mail: --count wants 1 to 10000000, not %s\n", optarg);
				return 2;
			}
			have_count = true;
			break;
		case 's':
			if (!parse_u64(optarg, UINT64_MAX, &v)) {
				fprintf(stderr, "gen-mail: --seed wants a number, not %s\n", optarg);
				return 2;
			}
			g->seed = v;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			o.path = optarg;
			break;
		case 'S':
			g->small = true;
			break;
		case 'q':
			if (!parse_u64(optarg, 1000000, &queries)) {
				fprintf(stderr, "gen-mail: --queries wants a number, not %s\n", optarg);
				return 2;
			}
			have_queries = true;
			break;
		case 'P':
			people = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	make_people(g);
	if (people) {
		/* The CRM benchmark's persons: the same seed, the same people. */
		for (uint32_t i = 0; i < NPEOPLE; i++)
			printf("%s\t%s\t%s\n", g->people[i].addr, g->people[i].display,
			    g->domains[g->people[i].domain].company);
		gen_free(g);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (have_queries) {
		print_queries(g, (unsigned)queries);
		gen_free(g);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (!have_count || format == NULL || o.path == NULL) {
		usage(stderr);
		return 2;
	}
	if (strcmp(format, "maildir") == 0)
		o.maildir = true;
	else if (strcmp(format, "mbox") != 0) {
		fprintf(stderr, "gen-mail: --format is mbox or maildir, not %s\n", format);
		return 2;
	}
	g->count = (uint32_t)count;
	make_plan(g);
	generate(g, &o);
	gen_free(g);
	return 0;
}
