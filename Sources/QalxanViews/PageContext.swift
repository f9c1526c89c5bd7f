import QalxanCore

/// What every page needs besides its own model: the language, the path (for the
/// language switcher), the CSRF token for its forms and, in the console, who is
/// signed in.
public struct PageContext: Sendable {
    public let language: Language
    public let l: Localizer
    /// The request's path, without the query, used by the language switcher.
    public let path: String
    /// The query string (without `?`) kept by the language switcher, or empty.
    public let query: String
    public let csrfToken: String
    public let user: SignedInUser?
    /// A one-line message shown at the top (after a redirect), already localised.
    public let flash: String?
    /// The team's short name for the header and titles.
    public let teamName: String

    public init(language: Language, path: String, query: String = "", csrfToken: String, user: SignedInUser? = nil,
                flash: String? = nil, teamName: String) {
        self.language = language
        self.l = Localizer(language)
        self.path = path
        self.query = query
        self.csrfToken = csrfToken
        self.user = user
        self.flash = flash
        self.teamName = teamName
    }
}

/// The staff member a console page is shown to.
public struct SignedInUser: Sendable, Equatable {
    public let ref: UserRef
    public let role: Role

    public init(ref: UserRef, role: Role) {
        self.ref = ref
        self.role = role
    }
}
