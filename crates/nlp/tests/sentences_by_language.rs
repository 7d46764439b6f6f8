//! Sentence segmentation in every language the segmenter has rules for:
//! real sentences with the language's own abbreviations, titles, ordinal
//! dates and terminal punctuation.

use enrich_nlp::language::parse_language_hint;
use enrich_nlp::segment::Segmenter;

/// (ISO 639-1 code, text, expected sentences).
const CASES: &[(&str, &str, &[&str])] = &[
    ("en", "Dr. Jane Smith landed at 9 a.m. on Nov. 29 and met the U.S. ambassador. The talks lasted two hours. Were they useful?",
        &["Dr. Jane Smith landed at 9 a.m. on Nov. 29 and met the U.S. ambassador.", "The talks lasted two hours.", "Were they useful?"]),
    ("de", "Am 3. Oktober kam Dr. Müller nach Berlin. Er traf dort u.a. den Bürgermeister. War das Treffen ein Erfolg?",
        &["Am 3. Oktober kam Dr. Müller nach Berlin.", "Er traf dort u.a. den Bürgermeister.", "War das Treffen ein Erfolg?"]),
    ("fr", "M. Dupont est arrivé à Paris le 12 mars. Il a rencontré Mme Martin au ministère. Qui l'a invité ?",
        &["M. Dupont est arrivé à Paris le 12 mars.", "Il a rencontré Mme Martin au ministère.", "Qui l'a invité ?"]),
    ("es", "El Sr. García llegó a Madrid el lunes. Se reunió con la Dra. López en el ministerio. ¿Quién lo invitó?",
        &["El Sr. García llegó a Madrid el lunes.", "Se reunió con la Dra. López en el ministerio.", "¿Quién lo invitó?"]),
    ("pt", "O Sr. Silva chegou a Lisboa na segunda-feira. Ele encontrou-se com a Dra. Costa no ministério. Quem o convidou?",
        &["O Sr. Silva chegou a Lisboa na segunda-feira.", "Ele encontrou-se com a Dra. Costa no ministério.", "Quem o convidou?"]),
    ("it", "Il sig. Rossi è arrivato a Roma lunedì. Ha incontrato il prof. Bianchi al ministero. Chi lo ha invitato?",
        &["Il sig. Rossi è arrivato a Roma lunedì.", "Ha incontrato il prof. Bianchi al ministero.", "Chi lo ha invitato?"]),
    ("nl", "Dhr. Jansen kwam maandag aan in Amsterdam. Hij sprak o.a. met de burgemeester. Wie had hem uitgenodigd?",
        &["Dhr. Jansen kwam maandag aan in Amsterdam.", "Hij sprak o.a. met de burgemeester.", "Wie had hem uitgenodigd?"]),
    ("ru", "Проф. Иванов прибыл в Москву 5 мая. Он встретился с министром. Кто его пригласил?",
        &["Проф. Иванов прибыл в Москву 5 мая.", "Он встретился с министром.", "Кто его пригласил?"]),
    ("cs", "Prof. Novák přijel do Prahy v pondělí. Setkal se mj. s ministrem financí. Kdo ho pozval?",
        &["Prof. Novák přijel do Prahy v pondělí.", "Setkal se mj. s ministrem financí.", "Kdo ho pozval?"]),
    ("da", "Dr. Jensen ankom til København mandag. Han mødte bl.a. borgmesteren. Hvem havde inviteret ham?",
        &["Dr. Jensen ankom til København mandag.", "Han mødte bl.a. borgmesteren.", "Hvem havde inviteret ham?"]),
    ("et", "Dr. Tamm saabus esmaspäeval Tallinnasse. Ta kohtus linnapeaga. Kes ta kutsus?",
        &["Dr. Tamm saabus esmaspäeval Tallinnasse.", "Ta kohtus linnapeaga.", "Kes ta kutsus?"]),
    ("fi", "Dr. Virtanen saapui Helsinkiin maanantaina. Hän tapasi pormestarin kaupungintalolla. Kuka hänet kutsui?",
        &["Dr. Virtanen saapui Helsinkiin maanantaina.", "Hän tapasi pormestarin kaupungintalolla.", "Kuka hänet kutsui?"]),
    ("el", "Ο κ. Παπαδόπουλος έφτασε στην Αθήνα τη Δευτέρα. Συναντήθηκε με τον δήμαρχο. Ποιος τον κάλεσε;",
        &["Ο κ. Παπαδόπουλος έφτασε στην Αθήνα τη Δευτέρα.", "Συναντήθηκε με τον δήμαρχο.", "Ποιος τον κάλεσε;"]),
    ("ml", "രാമൻ തിങ്കളാഴ്ച കൊച്ചിയിൽ എത്തി. അദ്ദേഹം മേയറെ കണ്ടു. ആരാണ് അദ്ദേഹത്തെ ക്ഷണിച്ചത്?",
        &["രാമൻ തിങ്കളാഴ്ച കൊച്ചിയിൽ എത്തി.", "അദ്ദേഹം മേയറെ കണ്ടു.", "ആരാണ് അദ്ദേഹത്തെ ക്ഷണിച്ചത്?"]),
    ("nb", "Dr. Hansen kom til Oslo mandag. Han møtte bl.a. ordføreren. Hvem hadde invitert ham?",
        &["Dr. Hansen kom til Oslo mandag.", "Han møtte bl.a. ordføreren.", "Hvem hadde invitert ham?"]),
    ("pl", "Prof. Kowalski przyjechał do Warszawy w poniedziałek. Spotkał się m.in. z burmistrzem. Kto go zaprosił?",
        &["Prof. Kowalski przyjechał do Warszawy w poniedziałek.", "Spotkał się m.in. z burmistrzem.", "Kto go zaprosił?"]),
    ("sl", "Dr. Novak je v ponedeljek prispel v Ljubljano. Srečal se je npr. z županom. Kdo ga je povabil?",
        &["Dr. Novak je v ponedeljek prispel v Ljubljano.", "Srečal se je npr. z županom.", "Kdo ga je povabil?"]),
    ("sv", "Dr. Andersson kom till Stockholm i måndags. Han träffade bl.a. borgmästaren. Vem hade bjudit in honom?",
        &["Dr. Andersson kom till Stockholm i måndags.", "Han träffade bl.a. borgmästaren.", "Vem hade bjudit in honom?"]),
    ("tr", "Prof. Yılmaz pazartesi günü Ankara'ya geldi. Anayasanın 5. maddesi tartışıldı. Onu kim davet etti?",
        &["Prof. Yılmaz pazartesi günü Ankara'ya geldi.", "Anayasanın 5. maddesi tartışıldı.", "Onu kim davet etti?"]),
    ("zh", "今天天气很好。我们去公园吧！你来吗？", &["今天天气很好。", "我们去公园吧！", "你来吗？"]),
    ("ja", "東京は晴れです。明日は雨でしょうか？", &["東京は晴れです。", "明日は雨でしょうか？"]),
    ("hi", "मैं आज दिल्ली गया। वहाँ बहुत भीड़ थी। क्या तुम कल आओगे?", &["मैं आज दिल्ली गया।", "वहाँ बहुत भीड़ थी।", "क्या तुम कल आओगे?"]),
    ("ar", "وصل الوزير إلى القاهرة يوم الاثنين. التقى بالرئيس. من دعاه؟", &["وصل الوزير إلى القاهرة يوم الاثنين.", "التقى بالرئيس.", "من دعاه؟"]),
    ("th", "วันนี้อากาศดีมาก\nพรุ่งนี้ฝนจะตก", &["วันนี้อากาศดีมาก", "พรุ่งนี้ฝนจะตก"]),
    ("km", "ថ្ងៃនេះអាកាសធាតុល្អណាស់\nថ្ងៃស្អែកនឹងមានភ្លៀង", &["ថ្ងៃនេះអាកាសធាតុល្អណាស់", "ថ្ងៃស្អែកនឹងមានភ្លៀង"]),
];

#[test]
fn every_supported_language_splits_real_sentences_and_keeps_its_abbreviations() {
    let segmenter = Segmenter::new();
    let mut failures = Vec::new();
    for (code, text, expected) in CASES {
        let lang = parse_language_hint(code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
        let got: Vec<&str> = segmenter
            .segment(text, Some(lang))
            .iter()
            .map(|s| s.span.slice(text))
            .collect();
        if got != *expected {
            failures.push(format!("{code}: got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_cases_cover_every_language_the_segmenter_reports() {
    let covered: Vec<&str> = CASES.iter().map(|(code, _, _)| *code).collect();
    for lang in Segmenter::new().languages() {
        let code = enrich_nlp::language::iso_code(lang);
        assert!(covered.contains(&code), "no sentence test for {code}");
    }
    assert!(Segmenter::new().languages().len() >= 20);
}
