import Lino

/// The document types of Belgian eID cards (identity file tag 0F), two digits.
public enum BeIDCardTypes {
    public static let list = ChoiceList("beid.CardTypes", [
        ("01", "belgian_citizen", "Belgian citizen"),
        ("06", "kids_card", "Kids card (< 12 year)"),
        ("11", "foreigner_a", "Foreigner card A"),
        ("12", "foreigner_b", "Foreigner card B"),
        ("13", "foreigner_c", "Foreigner card C"),
        ("14", "foreigner_d", "Foreigner card D"),
        ("15", "foreigner_e", "Foreigner card E"),
        ("16", "foreigner_e_plus", "Foreigner card E+"),
        ("17", "foreigner_f", "Foreigner card F"),
        ("18", "foreigner_f_plus", "Foreigner card F+"),
        ("19", "foreigner_h", "Foreigner card H"),
        ("20", "foreigner_i", "Foreigner card I"),
        ("21", "foreigner_j", "Foreigner card J"),
        ("22", "foreigner_m", "Foreigner card M"),
        ("23", "foreigner_n", "Foreigner card N"),
        ("31", "eu_citizen", "EU citizen card"),
        ("32", "eu_citizen_plus", "EU+ citizen card"),
        ("33", "foreigner_k", "Foreigner card K"),
        ("34", "foreigner_l", "Foreigner card L"),
        ("35", "foreigner_eu_art10", "Foreigner card EU Art. 10"),
        ("36", "foreigner_eu_art20", "Foreigner card EU Art. 20"),
        ("61", "kids_foreigner", "Kids card for foreigners"),
        ("99", "orange_card", "Orange card"),
    ])
}
