import Foundation
import Lino

/// Demo data of the social work core (domain section 19): services, the demo
/// users' coachings, households, notes, scanned documents expiring around today
/// and their reminder tasks. Dates are relative to today, so that every list
/// and the welcome page look alive on any day.
extension DemoData {
    /// Texts in the site's languages (English as the fallback).
    func texts(_ en: String, fr: String, de: String, nl: String) -> [String: String] { ["en": en, "fr": fr, "de": de, "nl": nl] }

    public func loadSocialWork() async throws {
        let site = self.site
        let me = self
        let today = ISODates.today()
        @Sendable func day(_ offset: Int) -> Value { .text(ISODates.adding(days: offset, to: today)!) }
        let files = store.files
        try await store.write(as: .system(reason: "demo data: social work")) { w in
            func babel(_ t: [String: String]) -> Values { me.babel("name", t, fallback: t["en"]!) }
            // Services and the rest of the configuration.
            let gss = try w.insert("coachings.CoachingType", babel(me.texts("General social service", fr: "Service social général", de: "Allgemeiner Sozialdienst", nl: "Algemene sociale dienst")).merging(["does_gss": .bool(true)]) { a, _ in a })
            let integ = try w.insert("coachings.CoachingType", babel(me.texts("Integration service", fr: "Service d'insertion", de: "Eingliederungsdienst", nl: "Integratiedienst")).merging(["does_integ": .bool(true)]) { a, _ in a })
            try w.insert("coachings.CoachingType", babel(me.texts("Debts mediation", fr: "Médiation de dettes", de: "Schuldnerberatung", nl: "Schuldbemiddeling")))
            var endings: [Value] = []
            for (i, t) in [me.texts("Transfer to colleague", fr: "Transfert vers collègue", de: "Übergabe an Kollege", nl: "Overdracht aan collega"),
                           me.texts("End of right on social aid", fr: "Fin du droit à l'aide sociale", de: "Einstellung des Anrechts auf Sozialhilfe", nl: "Einde recht op maatschappelijke hulp"),
                           me.texts("Moved to another town", fr: "Déménagé vers une autre commune", de: "Umzug in andere Gemeinde", nl: "Verhuisd naar een andere gemeente"),
                           me.texts("Found a job", fr: "A trouvé du travail", de: "Hat Arbeit gefunden", nl: "Heeft werk gevonden")].enumerated() {
                endings.append(try w.insert("coachings.CoachingEnding", babel(t).merging(["seqno": .int(Int64(i + 1))]) { a, _ in a }))
            }
            for (ref, name) in [("1", me.texts("Evaluation", fr: "Évaluation", de: "Bilanz", nl: "Evaluatie")),
                                ("2", me.texts("Training", fr: "Formation", de: "Ausbildung", nl: "Opleiding")),
                                ("4", me.texts("Job search", fr: "Recherche d'emploi", de: "Arbeitssuche", nl: "Werk zoeken")),
                                ("4bis", me.texts("Work", fr: "Travail", de: "Arbeit", nl: "Werk")),
                                ("9", me.texts("Standby", fr: "En attente", de: "Wartestellung", nl: "Wachtstand"))] {
                try w.insert("pcsw.PersonGroup", babel(name).merging(["ref_name": .text(ref)]) { a, _ in a })
            }
            for t in [me.texts("Integration income", fr: "Revenu d'intégration", de: "Eingliederungseinkommen", nl: "Leefloon"),
                      me.texts("Equivalent to integration income", fr: "Équivalent du revenu d'intégration", de: "Ersatz Eingliederungseinkommen", nl: "Equivalent leefloon"),
                      me.texts("Medical care", fr: "Aide médicale", de: "Medizinische Versorgung", nl: "Medische hulp")] {
                try w.insert("pcsw.AidType", babel(t))
            }
            for t in [me.texts("Health", fr: "Santé", de: "Gesundheit", nl: "Gezondheid"), me.texts("Studies", fr: "Études", de: "Studium", nl: "Studies"),
                      me.texts("Family reasons", fr: "Raisons familiales", de: "Familiäre Gründe", nl: "Familiale redenen"),
                      me.texts("Other", fr: "Autre", de: "Sonstige", nl: "Andere")] {
                try w.insert("pcsw.DispenseReason", babel(t))
            }
            let dispenseReasons = try w.ids("pcsw.DispenseReason", order: "id")
            for t in [me.texts("Appointment missed", fr: "Rendez-vous manqué", de: "Termin nicht eingehalten", nl: "Afspraak gemist"),
                      me.texts("Obligations not met", fr: "Obligations non respectées", de: "Auflagen nicht erfüllt", nl: "Verplichtingen niet nagekomen")] {
                try w.insert("pcsw.ExclusionType", babel(t))
            }
            let exclusionTypes = try w.ids("pcsw.ExclusionType", order: "id")
            for t in [me.texts("Married couple", fr: "Couple marié", de: "Ehepaar", nl: "Gehuwd koppel"),
                      me.texts("Factual household", fr: "Cohabitation de fait", de: "Faktischer Haushalt", nl: "Feitelijk gezin"),
                      me.texts("Legal cohabitation", fr: "Cohabitation légale", de: "Gesetzliches Zusammenwohnen", nl: "Wettelijk samenwonen"),
                      me.texts("Isolated", fr: "Isolé", de: "Getrennt", nl: "Alleenstaand"),
                      me.texts("Divorced couple", fr: "Couple divorcé", de: "Geschiedenes Paar", nl: "Gescheiden koppel"),
                      me.texts("Other", fr: "Autre", de: "Sonstige", nl: "Andere")] {
                try w.insert("households.Type", babel(t))
            }
            let householdTypes = try w.ids("households.Type", order: "id")
            var eventTypes: [Value] = []
            for t in [me.texts("File note", fr: "Note de dossier", de: "Aktennotiz", nl: "Dossiernota"),
                      me.texts("Letter", fr: "Lettre", de: "Brief", nl: "Brief"), me.texts("E-mail", fr: "Courriel", de: "E-Mail", nl: "E-mail"),
                      me.texts("Home visit", fr: "Visite à domicile", de: "Hausbesuch", nl: "Huisbezoek"),
                      me.texts("Internal meeting", fr: "Réunion interne", de: "Interne Besprechung", nl: "Interne vergadering"),
                      me.texts("Phone call", fr: "Appel téléphonique", de: "Telefonanruf", nl: "Telefoongesprek")] {
                eventTypes.append(try w.insert("notes.EventType", babel(t)))
            }
            let firstMeeting = try w.insert("notes.NoteType", babel(me.texts("First meeting", fr: "Premier entretien", de: "Erstgespräch", nl: "Eerste gesprek")))
            let followUp = try w.insert("notes.NoteType", babel(me.texts("Follow-up", fr: "Suivi", de: "Begleitung", nl: "Opvolging")))
            var uploadTypes: [(Value, String?)] = []
            for (t, unit) in [(me.texts("Residence permit", fr: "Permis de séjour", de: "Aufenthaltserlaubnis", nl: "Verblijfsvergunning"), "M"),
                              (me.texts("Work permit", fr: "Permis de travail", de: "Arbeitserlaubnis", nl: "Arbeidsvergunning"), "M"),
                              (me.texts("Driving licence", fr: "Permis de conduire", de: "Führerschein", nl: "Rijbewijs"), "M"),
                              (me.texts("Identifying document", fr: "Document d'identité", de: "Identifizierendes Dokument", nl: "Identiteitsdocument"), "M"),
                              (me.texts("Medical certificate", fr: "Certificat médical", de: "Ärztliches Attest", nl: "Medisch attest"), nil),
                              (me.texts("Diploma", fr: "Diplôme", de: "Diplom", nl: "Diploma"), nil)] as [([String: String], String?)] {
                var v = babel(t)
                if let unit { v["warn_expiry_unit"] = .text(unit); v["warn_expiry_value"] = .int(unit == "M" && t["en"] == "Driving licence" ? 1 : 2) }
                uploadTypes.append((try w.insert("uploads.UploadType", v), unit))
            }

            // The demo users' services and newcomer quotas.
            var userIDs: [String: Value] = [:]
            for u in try w.rows("users.User", fields: ["username"]) { userIDs[u.string("username")] = u.id }
            let quotas: [Int64] = [100, 60, 50, 20]
            for (i, name) in ["alicia", "hubert", "melanie", "caroline", "judith", "kerstin"].enumerated() {
                guard let id = userIDs[name] else { continue }
                try w.update("users.User", id: id, ["coaching_type": ["caroline", "judith", "kerstin"].contains(name) ? gss : integ,
                                                    "newcomer_quota": .int(quotas[i % quotas.count])])
            }
            let integCoaches = ["alicia", "hubert", "melanie"].compactMap { userIDs[$0] }
            let gssCoaches = ["caroline", "judith"].compactMap { userIDs[$0] }
            guard !integCoaches.isEmpty, !gssCoaches.isEmpty else { return }

            // Coachings, notes and documents of the clients.
            let clients = try w.rows("pcsw.Client", order: "id", limit: 200,
                                     fields: ["client_state", "language", "first_name", "last_name", "gender", "birth_date"])
            let pdf = DemoFiles.pdf
            var uploads = 0
            for (i, c) in clients.enumerated() {
                let state = c.string("client_state")
                let coach = integCoaches[i % integCoaches.count]
                if state == "30" {
                    let start = -(40 + (i * 37) % 900)
                    try w.insert("coachings.Coaching", ["client": c.id, "user": coach, "start_date": day(start), "type": integ, "primary": .bool(true)])
                    if i % 3 == 0 {
                        try w.insert("coachings.Coaching", ["client": c.id, "user": gssCoaches[i % gssCoaches.count], "start_date": day(start + 20), "type": gss])
                    }
                    if i % 4 == 1 {  // an earlier coach, since replaced
                        try w.insert("coachings.Coaching", ["client": c.id, "user": integCoaches[(i + 1) % integCoaches.count],
                                                            "start_date": day(start - 400), "end_date": day(start - 1), "type": integ,
                                                            "ending": endings[0]])
                    }
                    let lang = c.string("language")
                    for n in 0..<(2 + i % 3) {
                        let subject = me.noteSubject(n, lang)
                        try w.insert("notes.Note", ["project": c.id, "user": coach, "date": day(start + 10 + n * 25), "time": .text("10:\(10 + n * 5)"),
                                                    "type": n == 0 ? firstMeeting : followUp, "event_type": eventTypes[(i + n) % eventTypes.count],
                                                    "subject": .text(subject), "body": .text("<p>\(subject)</p>"), "important": .bool(n == 1 && i % 5 == 1),
                                                    "language": c["language"]])
                    }
                    if uploads < 15, let files {
                        let (type, _) = uploadTypes[uploads % 4]
                        var v: Values = ["type": type, "project": c.id, "user": coach, "start_date": day(-300 + uploads * 10),
                                         "end_date": day(-20 + uploads * 25), "needed": .bool(true),
                                         "description": .text("\(c.string("last_name").uppercased()) \(uploads + 1)")]
                        v.merge(try files.put(pdf, name: "scan-\(uploads + 1).pdf", into: "file")) { a, _ in a }
                        try w.insert("uploads.Upload", v)
                        uploads += 1
                    }
                    // Some are dispensed from looking for work, a few penalised, around today.
                    if i % 7 == 2 {
                        try w.insert("pcsw.Dispense", ["client": c.id, "reason": dispenseReasons[i % dispenseReasons.count],
                                                       "start_date": day(-30 - i), "end_date": day(60 + i * 3)])
                    }
                    if i % 11 == 3 {
                        try w.insert("pcsw.Exclusion", ["person": c.id, "type": exclusionTypes[i % exclusionTypes.count],
                                                        "excluded_from": day(-14 - i % 20), "excluded_until": day(30 + i % 40)])
                    }
                } else if state == "50" {
                    try w.insert("coachings.Coaching", ["client": c.id, "user": coach, "start_date": day(-700 - i), "end_date": day(-60 - i),
                                                        "type": integ, "primary": .bool(true), "ending": endings[i % endings.count]])
                }
            }
            // Households: couples of clients with the next one as partner.
            var made = 0
            var k = 0
            while made < 14 && k + 1 < clients.count {
                let head = clients[k], partner = clients[k + 1]
                k += 3
                let household = try w.insert("households.Household", ["name": .text("\(head.string("last_name"))-\(partner.string("last_name"))"),
                                                                       "type": householdTypes[made % 3], "language": head["language"]])
                try w.insert("households.Member", ["household": household, "person": head.id, "role": .text("01"), "primary": .bool(true),
                                                   "dependency": .text("02")])
                try w.insert("households.Member", ["household": household, "person": partner.id, "role": .text(made % 3 == 0 ? "02" : "03"),
                                                   "primary": .bool(true), "dependency": .text("02")])
                if k - 1 < clients.count, made % 2 == 0 {
                    try w.insert("households.Member", ["household": household, "person": clients[k - 1].id, "role": .text("05"),
                                                       "dependency": .text("01")])
                }
                made += 1
            }
            // A few tasks users wrote themselves.
            for (i, name) in ["alicia", "hubert", "melanie", "caroline", "judith", "kerstin"].enumerated() {
                guard let uid = userIDs[name] else { continue }
                let lang = DemoUsers.all.first { $0.username == name }?.language ?? site.defaultLanguage
                for n in 0..<3 {
                    let c = clients[(i * 5 + n * 7) % clients.count]
                    try w.insert("cal.Task", ["user": uid, "project": c.id, "due_date": day(-3 + n * 4 + i),
                                              "summary": .text(me.taskSummary(n, lang))])
                }
            }
            // Three similar clients, for the duplicate check.
            for (first, last) in [("Dorothée", "Dupont"), ("Dorothee", "Dupond"), ("Dorothée", "Dupont-Lambert")] {
                try w.insert("pcsw.Client", ["first_name": .text(first), "last_name": .text(last), "gender": .text("F"), "language": .text("fr"),
                                             "birth_date": .text("1978-04-12"), "client_state": .text("10")])
            }
        }
    }

    /// At scale (benchmarks): every coached client beyond the first 200 gets its primary
    /// coaching too, so that the coaches columns and "My clients" read realistic data.
    public func loadScaleCoachings() async throws {
        let (coached, coaches, integ) = try await store.read { r -> ([Value], [Value], Value?) in
            let ids = try r.ids("pcsw.Client", where: [.equals("client_state", .text("30"))], order: "id")
            let coaches = try ["alicia", "hubert", "melanie"].compactMap { try r.first("users.User", where: [.equals("username", .text($0))])?.id }
            let integ = try r.first("coachings.CoachingType", where: [.equals("does_integ", .bool(true))])?.id
            return (Array(ids.dropFirst(200)), coaches, integ)
        }
        guard !coaches.isEmpty else { return }
        let today = ISODates.today()
        var done = 0
        while done < coached.count {
            let slice = Array(coached[done..<min(done + 2_000, coached.count)])
            let first = done
            try await store.write(as: .system(reason: "demo data: coachings at scale")) { w in
                for (j, client) in slice.enumerated() {
                    let i = first + j
                    try w.insert("coachings.Coaching", ["client": client, "user": coaches[i % coaches.count], "primary": .bool(true),
                                                        "start_date": .text(ISODates.adding(days: -(30 + i % 900), to: today)!),
                                                        "type": integ ?? .null], trusted: true)
                }
            }
            done += slice.count
        }
    }

    func taskSummary(_ n: Int, _ lang: String) -> String {
        let summaries: [String: [String]] = [
            "fr": ["Rappeler", "Demander les documents", "Préparer le dossier pour le comité"],
            "de": ["Zurückrufen", "Unterlagen anfragen", "Akte für den Ausschuss vorbereiten"],
            "nl": ["Terugbellen", "Documenten opvragen", "Dossier voor het comité voorbereiden"],
        ]
        let list = summaries[lang] ?? ["Call back", "Ask for documents", "Prepare the committee file"]
        return list[n % list.count]
    }

    func noteSubject(_ n: Int, _ lang: String) -> String {
        let subjects: [String: [String]] = [
            "fr": ["Premier entretien", "Documents apportés", "Suivi de la recherche d'emploi", "Visite à domicile"],
            "de": ["Erstgespräch", "Unterlagen gebracht", "Begleitung der Arbeitssuche", "Hausbesuch"],
            "nl": ["Eerste gesprek", "Documenten gebracht", "Opvolging van het zoeken naar werk", "Huisbezoek"],
        ]
        let list = subjects[lang] ?? ["First meeting", "Documents brought", "Job search follow-up", "Home visit"]
        return list[n % list.count]
    }
}

/// Small files for the demo uploads.
enum DemoFiles {
    /// A one-page PDF that says "Scanned document (demo)".
    static let pdf: [UInt8] = {
        let text = "BT /F1 18 Tf 72 720 Td (Scanned document \\(demo\\)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }()
}
