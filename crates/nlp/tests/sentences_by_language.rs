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

/// Per language: a list written on one line, and a sentence that ends with
/// an abbreviation before the next one starts. (code, text, expected.)
const LISTS_AND_ABBREVIATIONS: &[(&str, &str, &[&str])] = &[
    (
        "en",
        "1) Buy milk 2) Call the bank",
        &["1) Buy milk", "2) Call the bank"],
    ),
    (
        "en",
        "We sold apples, pears, etc. The rest went home.",
        &["We sold apples, pears, etc.", "The rest went home."],
    ),
    (
        "de",
        "1) Milch kaufen 2) Bank anrufen",
        &["1) Milch kaufen", "2) Bank anrufen"],
    ),
    (
        "de",
        "Wir kauften Äpfel, Birnen usw. Dann gingen wir heim.",
        &["Wir kauften Äpfel, Birnen usw.", "Dann gingen wir heim."],
    ),
    (
        "fr",
        "1) Acheter du lait 2) Appeler la banque",
        &["1) Acheter du lait", "2) Appeler la banque"],
    ),
    (
        "fr",
        "Il a vendu des pommes, des poires, etc. Il est ensuite rentré.",
        &["Il a vendu des pommes, des poires, etc.", "Il est ensuite rentré."],
    ),
    (
        "es",
        "1) Comprar leche 2) Llamar al banco",
        &["1) Comprar leche", "2) Llamar al banco"],
    ),
    (
        "es",
        "Vendió manzanas, peras, etc. El resto volvió a casa.",
        &["Vendió manzanas, peras, etc.", "El resto volvió a casa."],
    ),
    (
        "pt",
        "1) Comprar leite 2) Ligar para o banco",
        &["1) Comprar leite", "2) Ligar para o banco"],
    ),
    (
        "pt",
        "Vendeu maçãs, peras etc. O resto voltou para casa.",
        &["Vendeu maçãs, peras etc.", "O resto voltou para casa."],
    ),
    (
        "it",
        "1) Comprare il latte 2) Chiamare la banca",
        &["1) Comprare il latte", "2) Chiamare la banca"],
    ),
    (
        "it",
        "Ha venduto mele, pere ecc. Il resto è tornato a casa.",
        &["Ha venduto mele, pere ecc.", "Il resto è tornato a casa."],
    ),
    (
        "nl",
        "1) Melk kopen 2) De bank bellen",
        &["1) Melk kopen", "2) De bank bellen"],
    ),
    (
        "nl",
        "Hij verkocht appels, peren enz. De rest ging naar huis.",
        &["Hij verkocht appels, peren enz.", "De rest ging naar huis."],
    ),
    (
        "ru",
        "1) Купить молоко 2) Позвонить в банк",
        &["1) Купить молоко", "2) Позвонить в банк"],
    ),
    (
        "ru",
        "Он продал яблоки, груши и т.д. Он вернулся домой.",
        &["Он продал яблоки, груши и т.д.", "Он вернулся домой."],
    ),
    (
        "cs",
        "1) Koupit mléko 2) Zavolat do banky",
        &["1) Koupit mléko", "2) Zavolat do banky"],
    ),
    (
        "cs",
        "Prodal jablka, hrušky apod. Ale domů nešel.",
        &["Prodal jablka, hrušky apod.", "Ale domů nešel."],
    ),
    (
        "da",
        "1) Køb mælk 2) Ring til banken",
        &["1) Køb mælk", "2) Ring til banken"],
    ),
    (
        "da",
        "Han solgte æbler, pærer osv. Men han gik hjem.",
        &["Han solgte æbler, pærer osv.", "Men han gik hjem."],
    ),
    (
        "et",
        "1) Osta piima 2) Helista pangale",
        &["1) Osta piima", "2) Helista pangale"],
    ),
    (
        "et",
        "Ta müüs õunu, pirne jm. Kuid koju ta ei läinud.",
        &["Ta müüs õunu, pirne jm.", "Kuid koju ta ei läinud."],
    ),
    (
        "fi",
        "1) Osta maitoa 2) Soita pankkiin",
        &["1) Osta maitoa", "2) Soita pankkiin"],
    ),
    (
        "fi",
        "Hän myi omenoita, päärynöitä jne. Hän lähti sitten kotiin.",
        &["Hän myi omenoita, päärynöitä jne.", "Hän lähti sitten kotiin."],
    ),
    (
        "el",
        "1) Αγόρασε γάλα 2) Τηλεφώνησε στην τράπεζα",
        &["1) Αγόρασε γάλα", "2) Τηλεφώνησε στην τράπεζα"],
    ),
    (
        "el",
        "Πούλησε μήλα, αχλάδια κλπ. Αλλά δεν γύρισε σπίτι.",
        &["Πούλησε μήλα, αχλάδια κλπ.", "Αλλά δεν γύρισε σπίτι."],
    ),
    ("ml", "1) പാൽ വാങ്ങുക 2) ബാങ്കിൽ വിളിക്കുക", &["1) പാൽ വാങ്ങുക", "2) ബാങ്കിൽ വിളിക്കുക"]),
    (
        "ml",
        "അദ്ദേഹം ആപ്പിൾ, പേര etc. അവർ വീട്ടിലേക്ക് പോയി.",
        &["അദ്ദേഹം ആപ്പിൾ, പേര etc.", "അവർ വീട്ടിലേക്ക് പോയി."],
    ),
    ("nb", "1) Kjøp melk 2) Ring banken", &["1) Kjøp melk", "2) Ring banken"]),
    (
        "nb",
        "Han solgte epler, pærer osv. Men han gikk hjem.",
        &["Han solgte epler, pærer osv.", "Men han gikk hjem."],
    ),
    (
        "pl",
        "1) Kupić mleko 2) Zadzwonić do banku",
        &["1) Kupić mleko", "2) Zadzwonić do banku"],
    ),
    (
        "pl",
        "Sprzedał jabłka, gruszki itd. Ale do domu nie wrócił.",
        &["Sprzedał jabłka, gruszki itd.", "Ale do domu nie wrócił."],
    ),
    (
        "sl",
        "1) Kupi mleko 2) Pokliči banko",
        &["1) Kupi mleko", "2) Pokliči banko"],
    ),
    (
        "sl",
        "Prodal je jabolka, hruške itd. Ker je bil utrujen, je šel domov.",
        &["Prodal je jabolka, hruške itd.", "Ker je bil utrujen, je šel domov."],
    ),
    ("sv", "1) Köp mjölk 2) Ring banken", &["1) Köp mjölk", "2) Ring banken"]),
    (
        "sv",
        "Han sålde äpplen, päron osv. Men han gick hem.",
        &["Han sålde äpplen, päron osv.", "Men han gick hem."],
    ),
    ("tr", "1) Süt al 2) Bankayı ara", &["1) Süt al", "2) Bankayı ara"]),
    (
        "tr",
        "Elma, armut vs. sattı. Ama eve gitmedi.",
        &["Elma, armut vs. sattı.", "Ama eve gitmedi."],
    ),
    ("zh", "1) 买牛奶 2) 给银行打电话", &["1) 买牛奶", "2) 给银行打电话"]),
    (
        "ja",
        "1) 牛乳を買う 2) 銀行に電話する",
        &["1) 牛乳を買う", "2) 銀行に電話する"],
    ),
    (
        "hi",
        "1) दूध खरीदो 2) बैंक को फोन करो",
        &["1) दूध खरीदो", "2) बैंक को फोन करो"],
    ),
    (
        "ar",
        "1) اشتر الحليب 2) اتصل بالبنك",
        &["1) اشتر الحليب", "2) اتصل بالبنك"],
    ),
    ("th", "1) ซื้อนม 2) โทรหาธนาคาร", &["1) ซื้อนม", "2) โทรหาธนาคาร"]),
    (
        "km",
        "1) ទិញទឹកដោះគោ 2) ហៅទូរស័ព្ទទៅធនាគារ",
        &["1) ទិញទឹកដោះគោ", "2) ហៅទូរស័ព្ទទៅធនាគារ"],
    ),
];

fn failures(cases: &[(&str, &str, &[&str])]) -> Vec<String> {
    let segmenter = Segmenter::new();
    let mut failures = Vec::new();
    for (code, text, expected) in cases {
        let lang = parse_language_hint(code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
        let got: Vec<&str> = segmenter
            .segment(text, Some(lang))
            .iter()
            .map(|s| s.span.slice(text))
            .collect();
        if got != *expected {
            failures.push(format!("{code}: {text:?} got {got:?}"));
        }
    }
    failures
}

#[test]
fn every_supported_language_splits_real_sentences_and_keeps_its_abbreviations() {
    let failures = failures(CASES);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_supported_language_splits_one_line_lists_and_ends_sentences_after_abbreviations() {
    let failures = failures(LISTS_AND_ABBREVIATIONS);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_cases_cover_every_language_the_segmenter_reports() {
    for cases in [CASES, LISTS_AND_ABBREVIATIONS] {
        let covered: Vec<&str> = cases.iter().map(|(code, _, _)| *code).collect();
        for lang in Segmenter::new().languages() {
            let code = enrich_nlp::language::iso_code(lang);
            assert!(covered.contains(&code), "no sentence test for {code}");
        }
    }
    assert!(Segmenter::new().languages().len() >= 20);
}
