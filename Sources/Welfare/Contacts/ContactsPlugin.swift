import Foundation
import Lino

/// Partners, persons, organisations and their contact roles (`contacts` in Lino).
public enum ContactsPlugin {
    public static let genders = ChoiceList("contacts.Genders", [("M", "male", "Male"), ("F", "female", "Female")])

    static func languages(_ site: [String]) -> ChoiceList {
        ChoiceList("Languages", site.map { ($0, $0, Localizer.languageNames[$0] ?? $0) })
    }

    static let companyType = Model("contacts.CompanyType", label: "Organisation type", plural: "Organisation types") {
        BabelField("name", "Designation", required: true)
        BabelField("abbr", "Abbreviation", maxLength: 30)
    }
    .title(["name"]) { r in r.babel("name") }
    .ordered(["name"])

    static let roleType = Model("contacts.RoleType", label: "Function", plural: "Functions") {
        BabelField("name", "Designation", required: true)
        BoolField("can_sign", "Can sign")
    }
    .title(["name"]) { r in r.babel("name") }
    .ordered(["name"])

    static func partner(_ langs: [String]) -> Model {
        Model("contacts.Partner", label: "Partner", plural: "Partners") {
            CharField("name", "Name", required: true, indexed: true).width(30)
            CharField("street_prefix", "Street prefix", maxLength: 50)
            CharField("street", "Street")
            CharField("street_no", "No.", maxLength: 10).width(5)
            CharField("street_box", "Box", maxLength: 10).width(5)
            CharField("addr2", "Address line 2")
            CharField("zip_code", "Zip code", maxLength: 10).width(8)
            ForeignKey("country", "Country", to: "countries.Country")
            ForeignKey("city", "Place", to: "countries.Place", dependsOn: ["country"], learning: true, fills: ["zip_code": "zip_code", "country": "country"])
            EmailField("email", "E-mail").width(28)
            URLField("url", "Web site")
            CharField("phone", "Phone", maxLength: 100)
            CharField("gsm", "Mobile", maxLength: 100)
            CharField("fax", "Fax", maxLength: 100)
            ChoiceField("language", "Language", languages(langs))
            TextField("remarks", "Remarks")
            BoolField("is_obsolete", "Obsolete")
            DateTimeField("created", "Created").readOnly()
            DateTimeField("modified", "Modified").readOnly()
        }
        .title(["name"]) { r in r.string("name") }
        .ordered(["name"])
        .searchable(["name", "street", "email", "phone", "gsm"])
        .beforeSave { v, ctx in
            let now = ISODates.now()
            if ctx.isInsert && (v["created"] ?? .null).isNull { v["created"] = .text(now) }
            v["modified"] = .text(now)
        }
        .virtual(CharField("address", "Address").width(40), needs: PostalAddress.fields) { r in
            .text(PostalAddress.oneLine(r))
        }
    }

    static let person = Model("contacts.Person", label: "Person", plural: "Persons", extends: "contacts.Partner") {
        CharField("title", "Title", maxLength: 40).width(8)
        CharField("first_name", "First name", required: true).width(16)
        CharField("middle_name", "Middle name")
        CharField("last_name", "Last name", required: true).width(16)
        ChoiceField("gender", "Gender", genders)
        DateField("birth_date", "Birth date", incomplete: true, past: true).width(10)
        CharField("national_id", "National register number", maxLength: 20, unique: true)
            .checked { v in NationalID.problem(v.stringValue ?? "") }
            .width(14)
        CharField("birth_place", "Birth place", maxLength: 100)
        CharField("nationality_text", "Nationality (text)", maxLength: 100)
        CharField("noble_condition", "Noble condition", maxLength: 50)
        // The eID card last read (Lino's BeIdCardHolder): what it says and until when.
        CharField("card_number", "eID card number", maxLength: 20).width(12)
        ChoiceField("card_type", "eID card type", BeIDCardTypes.list)
        CharField("card_issuer", "eID card issuer", maxLength: 50)
        DateField("card_valid_from", "ID card valid from")
        DateField("card_valid_until", "until")
        ImageField("photo", "Photo")
    }
    .title(["title", "first_name", "last_name"]) { r in
        [r.string("title"), r.string("first_name"), r.string("last_name").uppercased()].filter { !$0.isEmpty }.joined(separator: " ")
    }
    .ordered(["name"])
    .searchable(["name", "street", "national_id", "email"])
    .beforeSave { v, _ in
        // Lino sorts persons by "Last First": the partner's name is derived.
        let last = v["last_name"]?.stringValue ?? "", first = v["first_name"]?.stringValue ?? ""
        v["name"] = .text([last, first].filter { !$0.isEmpty }.joined(separator: " "))
        if let n = v["national_id"]?.stringValue, let f = NationalID.formatted(n) { v["national_id"] = .text(f) }
    }
    .validate(field: "birth_date", "The birth date does not match the national register number.") { r in
        guard let nid = NationalID.digits(r.string("national_id")), let century = NationalID.century(nid),
              case .text(let birth) = r["birth_date"] else { return true }
        let yy = Int(nid.prefix(2))!, mm = Int(nid.dropFirst(2).prefix(2))!, dd = Int(nid.dropFirst(4).prefix(2))!
        // Bis numbers (month + 20 or + 40) carry no reliable birth date.
        guard mm <= 12 else { return true }
        let parts = birth.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return true }
        return parts[0] == century + yy && (mm == 0 || parts[1] == mm) && (dd == 0 || parts[2] == dd)
    }
    .virtual(IntField("age", "Age").width(5), needs: ["birth_date"]) { r in
        guard case .text(let b) = r["birth_date"], let age = ISODates.age(birth: b, on: ISODates.today()) else { return .null }
        return .int(Int64(age))
    }

    static let organisation = Model("contacts.Company", label: "Organisation", plural: "Organisations", extends: "contacts.Partner") {
        CharField("prefix", "Prefix", maxLength: 40)
        ForeignKey("type", "Organisation type", to: "contacts.CompanyType")
        CharField("vat_id", "VAT number", maxLength: 20)
            .checked { v in VATNumber.problem(v.stringValue ?? "") }
    }
    .ordered(["name"])
    .searchable(["name", "street", "vat_id", "email"])

    static let role = Model("contacts.Role", label: "Contact role", plural: "Contact roles") {
        ForeignKey("person", "Person", to: "contacts.Person", required: true, onDelete: .cascade)
        ForeignKey("company", "Organisation", to: "contacts.Company", required: true, onDelete: .cascade)
        ForeignKey("type", "Function", to: "contacts.RoleType")
        DateField("start_date", "Since")
        DateField("end_date", "Until")
    }
    .period()
    .title(["person", "company"]) { r in "#\(r.string("person"))/\(r.string("company"))" }

    static let staffEdit = [WelfareRoles.contactsStaff]
    static let users = [WelfareRoles.contactsUser]

    static let addressPanel = Panel("Address", """
        country:16 city:20 zip_code:8
        street_prefix:8 street:28 street_no:5 street_box:5
        addr2:40
        """)
    static let contactPanel = Panel("Contact", "email:30 url:30\nphone:16 gsm:16 fax:16\nlanguage:12")

    static let tables: [Table] = [
        Table("contacts.Persons", model: "contacts.Person", label: "Persons",
              columns: "name:28 address:40 email:24 phone:14 gsm:14 national_id:14 birth_date:10 age:5 gender:8 id:6",
              params: [
                  TableParam(ChoiceField("gender", "Gender", genders)) { v, _ in .equals("gender", v) },
                  TableParam(BoolField("show_obsolete", "Show obsolete", default: false)) { v, _ in v.boolValue ? nil : .equals("is_obsolete", .bool(false)) },
                  // Whose eID card must be read (again): none read yet, or expired.
                  TableParam(BoolField("eid_expired", "eID card missing or expired", default: false)) { v, _ in
                      v.boolValue ? .or([.isNull("card_valid_until"), .atMost("card_valid_until", .text(ISODates.yesterday()))]) : nil
                  },
              ],
              detail: Layout("general contact eid more", panels: [
                  "general": Panel("Person", """
                      title:8 first_name:16 middle_name:12 last_name:18
                      gender:8 birth_date:10 age:5 national_id:16
                      address_box
                      """),
                  "address_box": addressPanel,
                  "contact": Panel("Contact", "contact_box\ncontacts.RolesByPerson\ncontacts.AddressesByPartner"),
                  "eid": Panel("eID card", """
                      photo card_number:12 card_type:20 card_issuer:20
                      card_valid_from card_valid_until
                      birth_place:20 nationality_text:20 noble_condition:20
                      """),
                  "contact_box": contactPanel,
                  "more": Panel("More", "id name is_obsolete\ncreated modified\nremarks"),
              ]),
              insert: Layout("""
                  title:8 first_name:16 last_name:18
                  gender:8 birth_date:10 national_id:16
                  country:16 city:20 zip_code:8
                  email:30 language:10
                  """),
              viewRoles: users, editRoles: users, deleteRoles: staffEdit,
              actions: [TableAction("read_eid", label: "Read eID card", roles: [WelfareRoles.beIdUser], client: "eid.read")],
              readOnly: ["name", "card_number", "card_type", "card_issuer", "card_valid_from", "card_valid_until"]),
        Table("contacts.Companies", model: "contacts.Company", label: "Organisations",
              columns: "name:30 address:40 email:24 phone:14 type:16 vat_id:14 id:6",
              detail: Layout("general contact more", panels: [
                  "general": Panel("Organisation", "prefix:8 name:30 type:20\nvat_id:16\naddress_box"),
                  "address_box": addressPanel,
                  "contact": Panel("Contact", "contact_box\ncontacts.RolesByCompany"),
                  "contact_box": contactPanel,
                  "more": Panel("More", "id is_obsolete\ncreated modified\nremarks"),
              ]),
              insert: Layout("prefix:8 name:30\ntype vat_id\ncountry city zip_code:8\nemail language"),
              viewRoles: users, editRoles: users, deleteRoles: staffEdit),
        Table("contacts.Partners", model: "contacts.Partner", label: "Partners",
              columns: "name:30 address:40 email:24 phone:14 gsm:14 is_obsolete id:6",
              detail: Layout("general more", panels: [
                  "general": Panel("Partner", "name:30\naddress_box\ncontact_box"),
                  "address_box": addressPanel,
                  "contact_box": contactPanel,
                  "more": Panel("More", "id is_obsolete\ncreated modified\nremarks"),
              ]),
              viewRoles: users, editRoles: users, deleteRoles: staffEdit, allowInsert: false, readOnly: ["name"]),
        Table("contacts.RolesByPerson", model: "contacts.Role", label: "Contact for",
              columns: "company:30 type:20 start_date end_date", masterKey: "person",
              viewRoles: users, editRoles: users),
        Table("contacts.RolesByCompany", model: "contacts.Role", label: "Contact persons",
              columns: "person:30 type:20 start_date end_date", masterKey: "company",
              viewRoles: users, editRoles: users),
        Table("contacts.AddressesByPartner", model: "contacts.Address", label: "Addresses",
              columns: "address_type:14 data_source:10 street:24 street_no:5 street_box:5 zip_code:8 city:16 primary", masterKey: "partner",
              viewRoles: users, editRoles: users),
        Table("contacts.Roles", model: "contacts.Role", label: "Contact roles",
              columns: "person:24 company:24 type:20 start_date end_date",
              viewRoles: staffEdit, editRoles: staffEdit),
        Table("contacts.CompanyTypes", model: "contacts.CompanyType", label: "Organisation types",
              columns: "name:30 abbr:10", detail: Layout("name\nabbr"), viewRoles: users, editRoles: staffEdit),
        Table("contacts.RoleTypes", model: "contacts.RoleType", label: "Functions",
              columns: "name:30 can_sign", detail: Layout("name\ncan_sign"), viewRoles: users, editRoles: staffEdit),
    ]

    public static func plugin(languages: [String]) -> Plugin {
        Plugin("contacts", models: [companyType, roleType, partner(languages), person, organisation, role, Addresses.model], tables: tables,
               menu: [
                   .table(["Contacts"], "contacts.Persons"), .table(["Contacts"], "contacts.Companies"),
                   MenuPlacement(["Contacts"], .separator), .table(["Contacts"], "contacts.Partners"),
                   .table(["Configuration", "Contacts"], "contacts.CompanyTypes"), .table(["Configuration", "Contacts"], "contacts.RoleTypes"),
                   .table(["Explorer", "Contacts"], "contacts.Roles"),
               ], demo: [ContactsDemo.step])
    }
}
