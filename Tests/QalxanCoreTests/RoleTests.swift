import Testing
@testable import QalxanCore

@Suite struct RoleTests {
    /// Who may do what, written out: a change to `Role.allows` must change this table.
    static let expected: [Role: Set<Permission>] = [
        .partner: [.viewAdvisories, .manageOwnTokens],
        .viewer: [.viewIncidents, .manageOwnTokens, .viewConstituency, .viewEvents, .viewAdvisories, .readStaffArticles],
        .handler: [.viewIncidents, .manageOwnTokens, .viewConstituency, .viewEvents, .viewAdvisories, .readStaffArticles, .viewRestricted, .triageReports,
                   .editIncidents, .comment, .ingestEvents, .editAdvisories, .editArticles, .readMail, .sendMail],
        .coordinator: [.viewIncidents, .manageOwnTokens, .viewConstituency, .viewEvents, .viewAdvisories, .readStaffArticles, .viewRestricted, .triageReports,
                       .editIncidents, .comment, .ingestEvents, .editAdvisories, .editArticles, .assignOthers, .reopenClosed,
                       .editConstituency, .publishAdvisories, .readMail, .sendMail, .manageMailTemplates],
        .administrator: Set(Permission.allCases),
    ]

    @Test(arguments: Role.allCases)
    func permissionsMatchTheTable(role: Role) {
        for permission in Permission.allCases {
            #expect(role.allows(permission) == RoleTests.expected[role]!.contains(permission),
                    "\(role) \(permission)")
        }
    }

    @Test func viewerCannotEditOrSeeRestricted() {
        let viewer = Role.viewer
        #expect(viewer.allows(.viewIncidents))
        #expect(!viewer.allows(.viewRestricted))
        #expect(!viewer.allows(.editIncidents))
        #expect(!viewer.allows(.triageReports))
        #expect(!viewer.allows(.comment))
        #expect(!viewer.allows(.assignOthers))
        #expect(!viewer.allows(.reopenClosed))
    }

    @Test(arguments: [Permission.manageUsers, .editTeamProfile, .readAudit, .manageFeeds])
    func onlyAdministratorsManageUsersProfileAndAudit(permission: Permission) {
        #expect(Role.allCases.filter { $0.allows(permission) } == [.administrator])
    }

    @Test func everyStaffRoleSeesIncidentsAndEveryRoleManagesItsOwnTokens() {
        for role in Role.allCases {
            #expect(role.allows(.viewIncidents) == (role != .partner))
            #expect(role.allows(.manageOwnTokens))
        }
        // A partner team's account: advisories and its tokens, nothing else.
        #expect(Permission.allCases.filter { Role.partner.allows($0) } == [.manageOwnTokens, .viewAdvisories])
        #expect(Role.partner.grantableScopes == [.advisoriesRead])
    }

    @Test func rolesAreOrderedByWhatTheyMayDo() {
        // Each role may do everything the role below it may do.
        let ladder: [Role] = [.viewer, .handler, .coordinator, .administrator]
        for (lower, higher) in zip(ladder, ladder.dropFirst()) {
            for permission in Permission.allCases where lower.allows(permission) {
                #expect(higher.allows(permission), "\(higher) lacks \(permission) that \(lower) has")
            }
        }
    }

    @Test func aViewerMayOnlyGetReadTokens() {
        // A viewer's role is read-only; a token never grants more than its owner's role.
        #expect(Role.viewer.grantableScopes == [.incidentsRead, .constituencyRead, .eventsRead, .advisoriesRead])
    }

    @Test func handlersMayNotWriteTheConstituency() {
        #expect(Role.handler.grantableScopes == APIScope.allCases.filter { $0 != .constituencyWrite })
    }

    @Test(arguments: [Role.coordinator, .administrator])
    func coordinatorsAndAdministratorsMayGetEveryScope(role: Role) {
        #expect(role.grantableScopes == APIScope.allCases)
    }

    @Test(arguments: Role.allCases)
    func aTokenNeverGrantsMoreThanItsOwnersRole(role: Role) {
        for scope in role.grantableScopes {
            #expect(role.allows(scope.permission))
        }
        // Every write scope needs a permission to change something.
        let writePermissions: Set<Permission> = [.triageReports, .editIncidents, .editConstituency, .ingestEvents]
        for scope in role.grantableScopes where scope.rawValue.hasSuffix(":write") {
            #expect(writePermissions.contains(scope.permission), "\(scope) backed by \(scope.permission)")
        }
    }

    @Test func scopeNamesAndLabels() {
        #expect(APIScope.allCases.map(\.rawValue) == ["reports:write", "incidents:read", "incidents:write",
                                                      "constituency:read", "constituency:write", "events:read", "events:write",
                                                      "advisories:read"])
        #expect(APIScope.incidentsRead.permission == .viewIncidents)
        #expect(APIScope.incidentsWrite.permission == .editIncidents)
        #expect(Role.administrator.labelKey == "role.administrator")
        #expect(Role(rawValue: "viewer") == .viewer)
    }
}
