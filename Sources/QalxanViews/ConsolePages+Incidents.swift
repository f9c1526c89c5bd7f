import Foundation
import QalxanCore

extension ConsolePages {
    /// The incident list: a filter form, a sortable table and pages.
    public static func incidents(_ m: IncidentListModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let filter = m.filter
        let sel = Components.selected

        // Filter form (GET): it keeps the sort order; changing the filter starts at page 1.
        let active = IncidentStatus.allCases.filter(\.isActive)
        let statusOptions: HTML = """
        <option value="">\(l.t("filter.any"))</option>\
        <option value="active"\(sel(!filter.statuses.isEmpty && Set(filter.statuses) == Set(active)))>\(l.t("filter.active"))</option>\
        \(IncidentStatus.allCases.map { s -> HTML in
            "<option value=\"\(s.rawValue)\"\(sel(filter.statuses == [s]))>\(l.t(s.labelKey))</option>"
        }.joined())
        """
        let classOptions: HTML = """
        <option value="">\(l.t("filter.any"))</option>\
        \(Taxonomy.classes.map { c -> HTML in
            "<option value=\"\(c.key)\"\(sel(filter.type == nil && filter.className == c.key))>\(l.classLabel(c.key))</option>"
        }.joined())
        """
        let typeValue = filter.type.flatMap { t in filter.className.map { "\($0)/\(t)" } } ?? ""
        let typeOptions: HTML = """
        <option value="">\(l.t("filter.any"))</option>\(Components.categoryOptions(selected: typeValue, classOptions: false, l))
        """
        let severityOptions: HTML = """
        <option value="">\(l.t("filter.any"))</option>\(Components.severityOptions(selected: filter.severity, l))
        """
        let assigneeOptions: HTML = """
        <option value="">\(l.t("filter.anyone"))</option>\
        <option value="none"\(sel(filter.unassignedOnly))>\(l.t("filter.unassigned"))</option>\
        \(m.assignees.map { u -> HTML in
            let on = filter.assigneeID == u.id || (filter.assigneeEmail != nil && filter.assigneeEmail == u.email.lowercased())
            return "<option value=\"\(u.id.uuidString)\"\(sel(on))>\(u.display)</option>"
        }.joined())
        """
        let tlpOptions: HTML = """
        <option value="">\(l.t("filter.any"))</option>\
        \(TLP.allCases.map { t -> HTML in "<option value=\"\(t.slug)\"\(sel(filter.tlp == t))>\(t.rawValue)</option>" }.joined())
        """
        var keep: [HTML] = []
        if filter.sort != .created { keep.append("<input type=\"hidden\" name=\"sort\" value=\"\(filter.sort.rawValue)\">") }
        if !filter.descending { keep.append("<input type=\"hidden\" name=\"order\" value=\"asc\">") }
        if filter.perPage != 50 { keep.append("<input type=\"hidden\" name=\"per_page\" value=\"\(filter.perPage)\">") }
        let f = FormFields(l, idPrefix: "filter")
        let filterForm: HTML = """
        <form method="get" action="\(Paths.incidents(lang))" class="filters" role="search" aria-label="\(l.t("filter.label"))">\
        \(keep.joined())\
        \(f.input("q", label: l.t("filter.text"), value: filter.text, type: "search", extra: " maxlength=\"200\""))\
        \(f.select("status", label: l.t("incident.status"), options: statusOptions))\
        \(f.select("class", label: l.t("filter.class"), options: classOptions))\
        \(f.select("type", label: l.t("filter.type"), options: typeOptions))\
        \(f.select("severity", label: l.t("incident.severity"), options: severityOptions))\
        \(f.select("assignee", label: l.t("incident.assignee"), options: assigneeOptions))\
        \(f.select("tlp", label: "TLP", options: tlpOptions))\
        <div class="actions"><button type="submit" class="button">\(l.t("filter.apply"))</button> \
        <a href="\(Paths.incidents(lang))">\(l.t("filter.reset"))</a></div></form>
        """

        // Column headers: a sortable column links to itself with the order reversed
        // when it is the current sort, else descending (newest, most severe first).
        func header(_ label: String, _ sort: IncidentFilter.Sort?) -> HTML {
            guard let sort else { return "\(label)" }
            let isCurrent = filter.sort == sort
            let descending = isCurrent ? !filter.descending : (sort == .number ? false : true)
            let href = Paths.incidents(lang, query: filter.queryItems(page: 1, sort: sort, descending: descending))
            let arrow: HTML = isCurrent ? (filter.descending ? " <span aria-hidden=\"true\">▼</span>" : " <span aria-hidden=\"true\">▲</span>") : .empty
            return "<a href=\"\(href)\">\(label)\(arrow)</a>"
        }
        func th(_ label: String, _ sort: IncidentFilter.Sort?) -> HTML {
            var aria = HTML.empty
            if let sort, filter.sort == sort { aria = " aria-sort=\"\(filter.descending ? "descending" : "ascending")\"" }
            return "<th scope=\"col\"\(aria)>\(header(label, sort))</th>"
        }
        let head: HTML = [
            th(l.t("incidents.col.number"), .number), th(l.t("incidents.col.title"), nil),
            th(l.t("incidents.col.status"), .status), th(l.t("incidents.col.category"), nil),
            th(l.t("incidents.col.severity"), .severity), th("TLP", nil), th(l.t("incidents.col.assignee"), nil),
            th(l.t("incidents.col.created"), .created), th(l.t("incidents.col.updated"), .updated),
        ].joined()
        let rows = m.page.items.map { i -> HTML in
            """
            <tr><td class="nowrap"><a href="\(Paths.incident(lang, number: i.number))">\(i.number)</a></td>\
            <td class="title-cell">\(i.title)</td><td>\(Components.statusBadge(i.status, l))</td>\
            <td>\(Components.classificationLabel(i.classification, l))</td>\
            <td>\(Components.severityBadge(i.severity, l))</td><td>\(Components.tlpBadge(i.tlp))</td>\
            <td>\(i.assignee?.display ?? l.t("incident.unassigned"))</td>\
            <td class="nowrap">\(Components.time(i.createdAt, l))</td><td class="nowrap">\(Components.time(i.updatedAt, l))</td></tr>
            """
        }
        let table: HTML = rows.isEmpty ? "<p class=\"muted empty\">\(l.t("incidents.empty"))</p>" : """
        <div class="table-wrap"><table class="incidents"><thead><tr>\(head)</tr></thead><tbody>\(rows.joined())</tbody></table></div>
        """
        let newButton: HTML = m.canCreate
            ? "<a class=\"button primary\" href=\"\(Paths.newIncident(lang))\">\(l.t("incidents.new"))</a>" : .empty
        let content: HTML = """
        <div class="title-row"><h1>\(l.t("incidents.title"))</h1>\(newButton)</div>\
        \(filterForm)\
        <p class="count-line">\(l.t("incidents.total", ["count": String(m.page.total)]))</p>\
        \(table)\
        \(Components.pagination(page: m.page.page, pageCount: m.page.pageCount, l) {
            Paths.incidents(lang, query: filter.queryItems(page: $0))
        })
        """
        return Layout.consolePage(title: l.t("incidents.title"), ctx, content)
    }

    /// One incident: what it is, what came in, what happened, and the forms to work on it.
    public static func incident(_ m: IncidentPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let lang = ctx.language
        let d = m.detail
        let s = d.summary
        func fact(_ label: String, _ value: HTML) -> HTML { "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }
        var facts: [HTML] = [
            fact(l.t("incident.category"), "\(Components.classificationLabel(s.classification, l))"),
            fact(l.t("incident.severity"), Components.severityBadge(s.severity, l)),
            fact("TLP", Components.tlpBadge(s.tlp)),
            fact("PAP", Components.papBadge(s.pap)),
            fact(l.t("incident.assignee"), "\(s.assignee?.display ?? l.t("incident.unassigned"))"),
            fact(l.t("incident.created"), Components.time(s.createdAt, l)),
            fact(l.t("incident.updated"), Components.time(s.updatedAt, l)),
            fact(l.t("incident.first_response"), Components.time(d.clock.firstResponseAt, l)),
            fact(l.t("incident.resolved"), Components.time(d.clock.resolvedAt, l)),
            fact(l.t("incident.closed"), Components.time(d.clock.closedAt, l)),
        ]
        if let target = d.mergedInto {
            facts.append(fact(l.t("incident.merged_into"), "<a href=\"\(Paths.incident(lang, number: target))\">\(target)</a>"))
        }
        let reports: HTML = d.reports.isEmpty ? "<p class=\"muted\">\(l.t("incident.no_reports"))</p>" : """
        <ul class="linked-reports">\(d.reports.map { r -> HTML in
            """
            <li><a href="\(Paths.report(lang, id: r.id.uuidString))">\(r.number)</a> · \(Components.time(r.receivedAt, l)) · \
            \(l.t(Keys.channel(r.channel))) · \(r.reporter.isEmpty ? l.t("report.anonymous_reporter") : r.reporter)\
            <span class="excerpt">\(r.excerpt)</span></li>
            """
        }.joined())</ul>
        """
        var forms = HTML.empty
        if m.canEdit {
            forms = "<div class=\"incident-forms\">\(commentForm(m, ctx))\(statusForm(m, ctx))\(editForm(m, ctx))</div>"
        }
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.incidents(lang))">\(l.t("incidents.title"))</a></p>\
        <header class="incident-header"><p class="number">\(s.number)</p><h1>\(s.title)</h1>\
        <p class="badges">\(Components.statusBadge(s.status, l)) \(Components.tlpBadge(s.tlp)) \(Components.severityBadge(s.severity, l))</p></header>\
        \(globalErrors(m, ctx))\
        <div class="incident-layout"><div class="incident-main">\
        <dl class="facts">\(facts.joined())</dl>\
        \(KnowledgeHTML.procedures(m.procedures, ctx))\
        <section><h2>\(l.t("incident.description"))</h2>\(Components.text(d.description, empty: l.t("incident.no_description")))</section>\
        <section><h2>\(l.t("incident.affected"))</h2>\(Components.text(d.affectedSystems, empty: l.t("incident.no_affected")))</section>\
        \(m.organisations.map { affectedOrganisations($0, number: s.number, ctx) } ?? .empty)\
        <section><h2>\(l.t("incident.reports"))</h2>\(reports)</section>\
        <section><h2>\(l.t("evidence.title"))</h2>\(evidenceTable(d.evidence, ctx))</section>\
        <section class="timeline"><h2>\(l.t("timeline.title"))</h2>\(timeline(d.timeline, ctx))</section>\
        </div>\(forms)</div>
        """
        return Layout.consolePage(title: "\(s.number) · \(s.title)", ctx, content)
    }

    /// A new incident typed in by staff.
    public static func newIncident(_ m: NewIncidentModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: m.errors)
        let labels: [(name: String, label: String)] = [
            ("title", l.t("incident.title")), ("description", l.t("incident.description")),
            ("category", l.t("incident.category")), ("severity", l.t("incident.severity")),
            ("tlp", "TLP"), ("affected", l.t("incident.affected")),
        ]
        let category: HTML = """
        <option value=""\(Components.selected(m.category.isEmpty))>\(l.t("category.unclassified"))</option>\
        \(Components.categoryOptions(selected: m.category, classOptions: true, l))
        """
        let content: HTML = """
        <p class="breadcrumb"><a href="\(Paths.incidents(ctx.language))">\(l.t("incidents.title"))</a></p>\
        <h1>\(l.t("new_incident.title"))</h1>\(f.summary(fields: labels))\
        <form method="post" action="\(Paths.newIncident(ctx.language))" class="form">\(Components.csrf(ctx))\
        \(f.input("title", label: l.t("incident.title"), value: m.title, mark: .required, extra: " maxlength=\"300\""))\
        \(f.textarea("description", label: l.t("incident.description"), value: m.description, rows: 8))\
        \(f.select("category", label: l.t("incident.category"), options: category))\
        \(f.select("severity", label: l.t("incident.severity"), options: Components.severityOptions(selected: m.severity, l)))\
        \(f.select("tlp", label: "TLP", options: Components.tlpOptions(selected: m.tlp)))\
        \(f.textarea("affected", label: l.t("incident.affected"), value: m.affected, rows: 4,
                     hint: l.t("report.affected_hint"), extra: " spellcheck=\"false\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("new_incident.submit"))</button> \
        <a href="\(Paths.incidents(ctx.language))">\(l.t("form.cancel"))</a></div></form>
        """
        return Layout.consolePage(title: l.t("new_incident.title"), ctx, content)
    }

    // MARK: - Incident parts

    /// Errors of the last submission that belong to no field shown (and a summary).
    private static func globalErrors(_ m: IncidentPageModel, _ ctx: PageContext) -> HTML {
        guard !m.errors.isEmpty else { return .empty }
        let items = m.errors.keys.sorted().map { key -> HTML in "<li>\(ctx.l.t(m.errors[key] ?? ""))</li>" }.joined()
        return """
        <div class="error-summary" role="alert"><h2>\(ctx.l.t("form.error_heading"))</h2><ul>\(items)</ul></div>
        """
    }

    private static func editForm(_ m: IncidentPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let s = m.detail.summary
        let f = FormFields(l, errors: m.errors, idPrefix: "edit")
        let categoryValue = s.classification?.path ?? ""
        let category: HTML = """
        <option value=""\(Components.selected(categoryValue.isEmpty))>\(l.t("category.unclassified"))</option>\
        \(Components.categoryOptions(selected: categoryValue, classOptions: true, l))
        """
        // Without the right to assign others, a handler may take the incident or leave it
        // with whoever has it.
        var people: [UserRef] = []
        if m.canAssignOthers {
            people = m.assignees
        } else {
            if let me = ctx.user?.ref { people.append(me) }
        }
        if let current = s.assignee, !people.contains(where: { $0.id == current.id }) { people.append(current) }
        let mayUnassign = m.canAssignOthers || s.assignee == nil || s.assignee?.id == ctx.user?.ref.id
        let unassigned: HTML = mayUnassign
            ? "<option value=\"\"\(Components.selected(s.assignee == nil))>\(l.t("incident.unassigned"))</option>" : .empty
        let assignee: HTML = unassigned + people.map { u -> HTML in
            "<option value=\"\(u.id.uuidString)\"\(Components.selected(s.assignee?.id == u.id))>\(u.display)</option>"
        }.joined()
        return """
        <section class="card"><h2>\(l.t("incident.edit"))</h2>\
        <form method="post" action="\(Paths.incidentAction(ctx.language, number: s.number, "update"))" class="form">\
        \(Components.csrf(ctx))\
        \(f.input("title", label: l.t("incident.title"), value: s.title, mark: .required, extra: " maxlength=\"300\""))\
        \(f.select("category", label: l.t("incident.category"), options: category))\
        \(f.select("severity", label: l.t("incident.severity"), options: Components.severityOptions(selected: s.severity, l)))\
        \(f.select("tlp", label: "TLP", options: Components.tlpOptions(selected: s.tlp)))\
        \(f.select("pap", label: "PAP", options: Components.papOptions(selected: s.pap)))\
        \(f.select("assignee", label: l.t("incident.assignee"), options: assignee))\
        \(f.textarea("description", label: l.t("incident.description"), value: m.detail.description, rows: 8))\
        \(f.textarea("affected", label: l.t("incident.affected"), value: m.detail.affectedSystems, rows: 4,
                     hint: l.t("report.affected_hint"), extra: " spellcheck=\"false\""))\
        <div class="actions"><button type="submit" class="button primary">\(l.t("form.save"))</button></div></form></section>
        """
    }

    private static func statusForm(_ m: IncidentPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let s = m.detail.summary
        guard !m.allowedStatuses.isEmpty else {
            return "<section class=\"card\"><h2>\(l.t("incident.change_status"))</h2><p class=\"muted\">\(l.t("incident.no_transitions"))</p></section>"
        }
        let f = FormFields(l, errors: m.errors, idPrefix: "status")
        let options = m.allowedStatuses.map { st -> HTML in
            "<option value=\"\(st.rawValue)\">\(l.t(st.labelKey))</option>"
        }.joined()
        let merge: HTML = m.allowedStatuses.contains(.merged)
            ? f.input("merged_into", label: l.t("incident.merged_into"), value: "", hint: l.t("incident.merged_into_hint"),
                      extra: " spellcheck=\"false\" autocomplete=\"off\" maxlength=\"64\"")
            : .empty
        return """
        <section class="card"><h2>\(l.t("incident.change_status"))</h2>\
        <p>\(l.t("incident.current_status")) \(Components.statusBadge(s.status, l))</p>\
        <form method="post" action="\(Paths.incidentAction(ctx.language, number: s.number, "status"))" class="form">\
        \(Components.csrf(ctx))\
        \(f.select("status", label: l.t("incident.new_status"), options: options))\(merge)\
        <div class="actions"><button type="submit" class="button">\(l.t("incident.change_status_submit"))</button></div></form></section>
        """
    }

    private static func commentForm(_ m: IncidentPageModel, _ ctx: PageContext) -> HTML {
        let l = ctx.l
        let f = FormFields(l, errors: m.errors, idPrefix: "comment")
        let mail: HTML = ctx.user?.role.allows(.sendMail) == true ? """
        <p class="mail-link"><a class="button" href="\(Paths.incidentMail(ctx.language, number: m.detail.summary.number))">\(l.t("mail.compose.title"))</a></p>
        """ : .empty
        return """
        \(mail)<section class="card"><h2>\(l.t("incident.add_comment"))</h2>\
        <form method="post" action="\(Paths.incidentAction(ctx.language, number: m.detail.summary.number, "comments"))" class="form">\
        \(Components.csrf(ctx))\
        \(f.textarea("body", label: l.t("incident.comment_body"), value: "", rows: 5, mark: .required))\
        <fieldset class="choices"><legend>\(l.t("incident.comment_kind"))</legend>\
        <label><input type="radio" name="kind" value="comment" checked> \(l.t("incident.kind_comment"))</label>\
        <label><input type="radio" name="kind" value="note"> \(l.t("incident.kind_note"))</label>\
        <p class="hint">\(l.t("incident.kind_hint"))</p></fieldset>\
        <div class="actions"><button type="submit" class="button primary">\(l.t("incident.add_comment_submit"))</button></div></form></section>
        """
    }

    /// A timeline data key in the reader's language (`timeline.data.<key>`).
    private static func dataLabel(_ key: String, _ l: Localizer) -> String {
        l.has("timeline.data.\(key)") ? l.t("timeline.data.\(key)") : key
    }

    /// A timeline data value in the reader's language where it names something the
    /// catalogs know: a status, a channel, a changed field.
    private static func dataValue(_ key: String, _ value: String, _ kind: TimelineItem.Kind, _ l: Localizer) -> String {
        switch key {
        case "state" where kind == .mail:
            return MailState(rawValue: value).map { l.t($0.labelKey) } ?? value
        case "direction" where kind == .mail:
            return MailDirection(rawValue: value).map { l.t($0.labelKey) } ?? value
        case "kind" where kind == .mail:
            return MailKind(rawValue: value).map { l.t($0.labelKey) } ?? value
        case "signature" where kind == .mail:
            return MailSignatureState(rawValue: value).map { l.t($0.labelKey) } ?? value
        case "reason" where kind == .mail, "event" where kind == .mail:
            let key = key == "event" ? "mail.event.\(value)" : value
            return l.has(key) ? l.t(key) : value
        case "from" where kind == .status, "to" where kind == .status:
            return IncidentStatus(rawValue: value).map { l.t($0.labelKey) } ?? value
        case "channel":
            return ReportSummary.Channel(rawValue: value).map { l.t(Keys.channel($0)) } ?? value
        case "field":
            return l.has("timeline.field.\(value)") ? l.t("timeline.field.\(value)") : value
        case "from" where value.isEmpty, "to" where value.isEmpty:
            return "—"
        default:
            return value
        }
    }

    /// The timeline, newest first.
    private static func timeline(_ items: [TimelineItem], _ ctx: PageContext) -> HTML {
        let l = ctx.l
        guard !items.isEmpty else { return "<p class=\"muted\">\(l.t("timeline.empty"))</p>" }
        let sorted = items.sorted { $0.at > $1.at }
        let entries = sorted.map { item -> HTML in
            let data: HTML = item.data.isEmpty ? .empty : """
            <dl class="tl-data">\(item.data.keys.sorted().filter { !(item.kind == .mail && $0 == "message") }.map { key -> HTML in
                "<div><dt>\(dataLabel(key, l))</dt><dd>\(dataValue(key, item.data[key] ?? "", item.kind, l))</dd></div>"
            }.joined())</dl>
            """
            var body: HTML = item.body.isEmpty ? .empty : "<div class=\"text\">\(item.body)</div>"
            if item.kind == .mail, let id = item.data["message"].flatMap(UUID.init(uuidString:)) {
                body += "<p class=\"tl-link\"><a href=\"\(Paths.mailMessage(ctx.language, id: id))\">\(l.t("mail.open_message"))</a></p>"
            }
            return """
            <li class="tl-item tl-\(item.kind.rawValue)"><span class="tl-icon" aria-hidden="true">\(icon(item.kind))</span>\
            <div class="tl-content"><p class="tl-head"><strong class="tl-kind">\(l.t(Keys.timeline(item.kind)))</strong> · \
            <span class="tl-actor">\(item.actor?.display ?? l.t("timeline.system"))</span> · \(Components.time(item.at, l))</p>\
            \(body)\(data)</div></li>
            """
        }.joined()
        return "<ol class=\"tl\" reversed>\(entries)</ol>"
    }

    /// A sign per kind of timeline entry (decorative: the kind's name is written too).
    private static func icon(_ kind: TimelineItem.Kind) -> String {
        switch kind {
        case .created: "+"
        case .status: "⇄"
        case .field: "✎"
        case .comment: "❝"
        case .note: "✱"
        case .report: "⇩"
        case .evidence: "▣"
        case .merge: "⇉"
        case .assignment: "☛"
        case .mail: "✉"
        }
    }
}
