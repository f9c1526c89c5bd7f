import Foundation
import QalxanCore

/// Small pieces of markup that several pages share: badges, tables, pagination,
/// option lists and formatted values.
enum Components {
    /// ` selected` when `on`, else nothing.
    static func selected(_ on: Bool) -> HTML { on ? " selected" : .empty }
    /// ` checked` when `on`, else nothing.
    static func checked(_ on: Bool) -> HTML { on ? " checked" : .empty }

    /// The CSRF field every POST form carries.
    static func csrf(_ ctx: PageContext) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(ctx.csrfToken)\">"
    }

    /// A wrapper that lets a wide table scroll on its own instead of the page.
    static func table(caption: String? = nil, head: [HTML], rows: [HTML], empty: String) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"muted empty\">\(empty)</p>" }
        let cap: HTML = caption.map { "<caption>\($0)</caption>" } ?? .empty
        let ths = head.map { h -> HTML in "<th scope=\"col\">\(h)</th>" }.joined()
        return """
        <div class="table-wrap"><table>\(cap)<thead><tr>\(ths)</tr></thead><tbody>\(rows.joined())</tbody></table></div>
        """
    }

    /// An incident status as a coloured badge.
    static func statusBadge(_ status: IncidentStatus, _ l: Localizer) -> HTML {
        "<span class=\"badge status status-\(status.rawValue)\">\(l.t(status.labelKey))</span>"
    }

    /// A TLP label in the colours of TLP 2.0. The label itself is never translated.
    static func tlpBadge(_ tlp: TLP) -> HTML {
        "<span class=\"tlp tlp-\(tlp.slug)\">\(tlp.rawValue)</span>"
    }

    /// A PAP label.
    static func papBadge(_ pap: PAP) -> HTML {
        "<span class=\"tlp pap-\(pap.slug)\">\(pap.rawValue)</span>"
    }

    static func severityBadge(_ severity: Severity, _ l: Localizer) -> HTML {
        "<span class=\"badge severity severity-\(severity.rawValue)\">\(l.t(Keys.severity(severity)))</span>"
    }

    static func reportStateBadge(_ state: ReportSummary.State, _ l: Localizer) -> HTML {
        "<span class=\"badge report-state report-\(state.rawValue)\">\(l.t(Keys.reportState(state)))</span>"
    }

    /// A `<time>` element in UTC.
    static func time(_ date: Date, _ l: Localizer) -> HTML {
        "<time datetime=\"\(DateText.iso(date))\">\(l.dateTime(date))</time>"
    }

    /// A date, or a dash when there is none.
    static func time(_ date: Date?, _ l: Localizer) -> HTML {
        guard let date else { return "<span class=\"muted\">—</span>" }
        return time(date, l)
    }

    /// Free text shown as typed: escaped, line breaks kept by CSS (`white-space: pre-line`).
    static func text(_ s: String, empty: String) -> HTML {
        s.isEmpty ? "<p class=\"muted\">\(empty)</p>" : "<div class=\"text\">\(s)</div>"
    }

    /// The label of a report or incident category (`class/type`, `class` or `unknown`).
    static func categoryLabel(_ category: String, _ l: Localizer) -> String { l.categoryLabel(category) }

    static func classificationLabel(_ c: Classification?, _ l: Localizer) -> String {
        guard let c else { return l.t("category.unclassified") }
        return l.label(c)
    }

    /// A byte count for people: `532 B`, `12.4 KB`, `3.1 MB`.
    static func size(_ bytes: Int, _ l: Localizer) -> String {
        let units: [(Double, String)] = [(1_073_741_824, "GB"), (1_048_576, "MB"), (1024, "KB")]
        for (factor, unit) in units where Double(bytes) >= factor {
            return l.t("size.value", ["n": decimal(Double(bytes) / factor, l), "unit": unit])
        }
        return l.t("size.bytes", ["n": String(bytes)])
    }

    /// A number with at most one decimal, with the language's decimal separator.
    static func decimal(_ value: Double, _ l: Localizer) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = String(tenths / 10)
        return tenths % 10 == 0 ? whole : whole + l.t("number.decimal_separator") + String(tenths % 10)
    }

    /// `<option>`s of every RSIT class, each an `<optgroup>` of its types with values
    /// `class/type`. With `classOptions`, each group starts with the class alone.
    static func categoryOptions(selected value: String, classOptions: Bool, _ l: Localizer) -> HTML {
        Taxonomy.classes.map { c -> HTML in
            var options: [HTML] = []
            if classOptions {
                options.append("<option value=\"\(c.key)\"\(selected(value == c.key))>\(l.t("category.class_only", ["class": l.classLabel(c.key)]))</option>")
            }
            for type in c.types {
                let v = "\(c.key)/\(type)"
                options.append("<option value=\"\(v)\"\(selected(value == v))>\(l.typeLabel(c.key, type))</option>")
            }
            return "<optgroup label=\"\(l.classLabel(c.key))\">\(options.joined())</optgroup>"
        }.joined()
    }

    static func severityOptions(selected value: Severity?, _ l: Localizer) -> HTML {
        Severity.allCases.map { s -> HTML in
            "<option value=\"\(s.rawValue)\"\(selected(s == value))>\(l.t(Keys.severity(s)))</option>"
        }.joined()
    }

    static func tlpOptions(selected value: TLP?) -> HTML {
        TLP.allCases.map { t -> HTML in
            "<option value=\"\(t.rawValue)\"\(selected(t == value))>\(t.rawValue)</option>"
        }.joined()
    }

    static func papOptions(selected value: PAP?) -> HTML {
        PAP.allCases.map { p -> HTML in
            "<option value=\"\(p.rawValue)\"\(selected(p == value))>\(p.rawValue)</option>"
        }.joined()
    }

    static func roleOptions(selected value: Role?, _ l: Localizer) -> HTML {
        Role.allCases.map { r -> HTML in
            "<option value=\"\(r.rawValue)\"\(selected(r == value))>\(l.t(r.labelKey))</option>"
        }.joined()
    }

    /// Page links: previous, the first, a window around the current one, the last, next.
    static func pagination(page: Int, pageCount: Int, _ l: Localizer, url: (Int) -> String) -> HTML {
        guard pageCount > 1 else { return .empty }
        let current = min(max(1, page), pageCount)
        var numbers: [Int] = [1]
        numbers += Array(max(2, current - 2)...max(2, min(pageCount - 1, current + 2))).filter { $0 < pageCount }
        numbers.append(pageCount)
        var items: [HTML] = []
        if current > 1 {
            items.append("<li><a rel=\"prev\" href=\"\(url(current - 1))\">\(l.t("pagination.previous"))</a></li>")
        }
        var last = 0
        for n in numbers where n > last {
            if n > last + 1 { items.append("<li class=\"gap\" aria-hidden=\"true\">…</li>") }
            if n == current {
                items.append("<li><a aria-current=\"page\" href=\"\(url(n))\">\(n)</a></li>")
            } else {
                items.append("<li><a href=\"\(url(n))\" aria-label=\"\(l.t("pagination.page", ["n": String(n)]))\">\(n)</a></li>")
            }
            last = n
        }
        if current < pageCount {
            items.append("<li><a rel=\"next\" href=\"\(url(current + 1))\">\(l.t("pagination.next"))</a></li>")
        }
        return """
        <nav class="pagination" aria-label="\(l.t("pagination.label"))"><ul>\(items.joined())</ul></nav>
        """
    }

    /// A link to a path given by a model; anything that is not a local path is shown as
    /// text only, so that a model can never produce a `javascript:` or off-site link.
    static func localLink(_ path: String, label: String) -> HTML {
        guard path.hasPrefix("/"), !path.hasPrefix("//") else { return "\(label)" }
        return "<a href=\"\(path)\">\(label)</a>"
    }
}

/// Form fields with their label, hint and error, wired for assistive technology: an
/// invalid field gets `aria-invalid` and `aria-describedby` pointing at its error.
struct FormFields {
    enum Mark { case none, required, optional }

    let l: Localizer
    let errors: [String: String]
    /// Prefix of element ids, so that several forms on one page do not clash.
    let idPrefix: String

    init(_ l: Localizer, errors: [String: String] = [:], idPrefix: String = "f") {
        self.l = l
        self.errors = errors
        self.idPrefix = idPrefix
    }

    func id(_ name: String) -> String { "\(idPrefix)-\(name.replacingOccurrences(of: "_", with: "-"))" }

    private func labelHTML(_ name: String, _ label: String, _ mark: Mark) -> HTML {
        "<label for=\"\(id(name))\">\(label)\(markHTML(mark))</label>"
    }

    func markHTML(_ mark: Mark) -> HTML {
        switch mark {
        case .none: return .empty
        case .required: return " <span class=\"mark req\">\(l.t("form.required"))</span>"
        case .optional: return " <span class=\"mark opt\">\(l.t("form.optional"))</span>"
        }
    }

    /// The hint and the error below a field, and the attributes that point at them.
    func describe(_ name: String, hint: String?) -> (attributes: HTML, hint: HTML, error: HTML) {
        var ids: [String] = []
        var hintHTML = HTML.empty
        var errorHTML = HTML.empty
        if let hint, !hint.isEmpty {
            ids.append(id(name) + "-hint")
            hintHTML = "<p class=\"hint\" id=\"\(id(name))-hint\">\(hint)</p>"
        }
        var attrs = HTML.empty
        if let key = errors[name] {
            ids.append(id(name) + "-error")
            errorHTML = "<p class=\"field-error\" id=\"\(id(name))-error\"><span class=\"visually-hidden\">\(l.t("form.error_prefix")) </span>\(l.t(key))</p>"
            attrs += " aria-invalid=\"true\""
        }
        if !ids.isEmpty { attrs += " aria-describedby=\"\(ids.joined(separator: " "))\"" }
        return (attrs, hintHTML, errorHTML)
    }

    private func wrap(_ name: String, _ inner: HTML) -> HTML {
        "<div class=\"field\(errors[name] != nil ? " has-error" : "")\">\(inner)</div>"
    }

    /// An `<input>`; `extra` holds further attributes (already markup).
    func input(_ name: String, label: String, value: String, type: String = "text", mark: Mark = .none,
               hint: String? = nil, extra: HTML = .empty) -> HTML {
        let d = describe(name, hint: hint)
        let req: HTML = mark == .required ? " required" : .empty
        return wrap(name, """
        \(labelHTML(name, label, mark))\(d.hint)\(d.error)<input type="\(type)" id="\(id(name))" name="\(name)" value="\(value)"\(req)\(d.attributes)\(extra)>
        """)
    }

    func textarea(_ name: String, label: String, value: String, rows: Int = 6, mark: Mark = .none,
                  hint: String? = nil, extra: HTML = .empty) -> HTML {
        let d = describe(name, hint: hint)
        let req: HTML = mark == .required ? " required" : .empty
        // A newline after the start tag: the parser drops the first one, so text that
        // starts with a newline keeps it.
        return wrap(name, """
        \(labelHTML(name, label, mark))\(d.hint)\(d.error)<textarea id="\(id(name))" name="\(name)" rows="\(rows)"\(req)\(d.attributes)\(extra)>
        \(value)</textarea>
        """)
    }

    func select(_ name: String, label: String, options: HTML, mark: Mark = .none, hint: String? = nil,
                extra: HTML = .empty) -> HTML {
        let d = describe(name, hint: hint)
        return wrap(name, """
        \(labelHTML(name, label, mark))\(d.hint)\(d.error)<select id="\(id(name))" name="\(name)"\(d.attributes)\(extra)>\(options)</select>
        """)
    }

    /// The box at the top of a form that lists its errors, in the order of `fields`
    /// (name, label), with links to the fields; errors of other names come last.
    func summary(fields: [(name: String, label: String)], notices: [String] = []) -> HTML {
        guard !errors.isEmpty || !notices.isEmpty else { return .empty }
        var items: [HTML] = notices.map { "<li>\($0)</li>" }
        for (name, label) in fields {
            guard let key = errors[name] else { continue }
            items.append("<li><a href=\"#\(id(name))\">\(label): \(l.t(key))</a></li>")
        }
        let named = Set(fields.map(\.name))
        for name in errors.keys.sorted() where !named.contains(name) {
            items.append("<li>\(l.t(errors[name] ?? ""))</li>")
        }
        let heading = errors.isEmpty ? l.t("form.notice_heading") : l.t("form.error_heading")
        return """
        <div class="error-summary" role="alert" aria-labelledby="\(idPrefix)-summary-title"><h2 id="\(idPrefix)-summary-title">\(heading)</h2><ul>\(items.joined())</ul></div>
        """
    }
}

/// Catalog keys made from enum values. Other keys are written as literal arguments of
/// `t(_:)` where they are used, so that a test can find them; these families are
/// checked as a whole.
enum Keys {
    static func severity(_ s: Severity) -> String { s.labelKey }
    static func reportState(_ s: ReportSummary.State) -> String { "report_state." + s.rawValue }
    static func channel(_ c: ReportSummary.Channel) -> String { "channel." + c.rawValue }
    static func timeline(_ k: TimelineItem.Kind) -> String { "timeline." + k.rawValue }
    static func scope(_ s: APIScope) -> String { "scope." + s.rawValue.replacingOccurrences(of: ":", with: "_") }
    static func tlpHelp(_ t: TLP) -> String { "tlp." + t.slug + ".help" }
    static func profile(_ key: String) -> String { "profile." + key }
}
