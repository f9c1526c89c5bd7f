import Foundation

extension MailTemplate {
    /// The built-in text of each kind and language, used until staff save their own.
    public static func builtIn(_ kind: MailKind, _ language: Language) -> MailTemplate {
        switch (kind, language) {
        case (.reportReceived, .en):
            return MailTemplate(subject: "Your report has been received", body: """
                Hello {{recipient}},

                Thank you for your report. We have received it on {{received_at}} and
                registered it under the number {{number}}.

                Please keep this number in the subject of any message about this report;
                you can reply to this message directly. You can follow the report at:
                {{status_url}}

                Best regards,
                {{team}}
                {{team_email}}
                """)
        case (.reportReceived, .az):
            return MailTemplate(subject: "Müraciətiniz qəbul edildi", body: """
                Salam, {{recipient}}.

                Müraciətiniz üçün təşəkkür edirik. O, {{received_at}} tarixində qəbul
                edilib və {{number}} nömrəsi ilə qeydə alınıb.

                Bu müraciətlə bağlı hər məktubun mövzusunda bu nömrəni saxlayın; bu məktuba
                birbaşa cavab verə bilərsiniz. Müraciətin vəziyyətini burada izləyə bilərsiniz:
                {{status_url}}

                Hörmətlə,
                {{team}}
                {{team_email}}
                """)
        case (.notification, .en):
            return MailTemplate(subject: "Security incident concerning {{organisation}}: {{title}}", body: """
                Dear {{recipient}},

                {{team}} has information about a security incident that concerns
                {{organisation}}.

                Incident: {{number}}
                Classification: {{classification}}

                {{message}}

                Please reply to this message (keep {{number}} in the subject) to tell us
                what you found and what you did.

                Best regards,
                {{team}}
                {{team_email}}
                """)
        case (.notification, .az):
            return MailTemplate(subject: "{{organisation}} ilə bağlı təhlükəsizlik insidenti: {{title}}", body: """
                Hörmətli {{recipient}},

                {{team}} {{organisation}} ilə bağlı təhlükəsizlik insidenti barədə
                məlumat əldə edib.

                İnsident: {{number}}
                Təsnifat: {{classification}}

                {{message}}

                Nə aşkar etdiyinizi və hansı tədbirləri gördüyünüzü bildirmək üçün bu
                məktuba cavab verin (mövzuda {{number}} saxlanılsın).

                Hörmətlə,
                {{team}}
                {{team_email}}
                """)
        case (.partnerRequest, .en):
            return MailTemplate(subject: "Request for assistance: {{title}}", body: """
                Dear colleagues,

                {{team}} is handling incident {{number}} ({{classification}}) and would
                appreciate your assistance.

                {{message}}

                Please handle this information according to its TLP label and keep
                {{number}} in the subject of your reply.

                Best regards,
                {{team}}
                {{team_email}}
                """)
        case (.partnerRequest, .az):
            return MailTemplate(subject: "Köməklik sorğusu: {{title}}", body: """
                Hörmətli həmkarlar,

                {{team}} {{number}} nömrəli insidenti ({{classification}}) araşdırır və
                sizin köməyinizi xahiş edir.

                {{message}}

                Bu məlumatı TLP nişanına uyğun istifadə edin və cavabınızın mövzusunda
                {{number}} nömrəsini saxlayın.

                Hörmətlə,
                {{team}}
                {{team_email}}
                """)
        case (.statusUpdate, .en):
            return MailTemplate(subject: "Update on {{title}}", body: """
                Dear {{recipient}},

                There is news on incident {{number}}. Its status is now: {{status}}.

                {{message}}

                Best regards,
                {{team}}
                {{team_email}}
                """)
        case (.statusUpdate, .az):
            return MailTemplate(subject: "Yenilik: {{title}}", body: """
                Hörmətli {{recipient}},

                {{number}} nömrəli insidentlə bağlı yenilik var. Onun cari vəziyyəti: {{status}}.

                {{message}}

                Hörmətlə,
                {{team}}
                {{team_email}}
                """)
        case (.resolution, .en):
            return MailTemplate(subject: "Resolved: {{title}}", body: """
                Dear {{recipient}},

                Incident {{number}} has been resolved.

                {{message}}

                If you see the problem again, reply to this message and we will reopen it.

                Best regards,
                {{team}}
                {{team_email}}
                """)
        case (.resolution, .az):
            return MailTemplate(subject: "Həll edildi: {{title}}", body: """
                Hörmətli {{recipient}},

                {{number}} nömrəli insident həll edilib.

                {{message}}

                Problem yenidən yaranarsa, bu məktuba cavab verin, insidenti yenidən açaq.

                Hörmətlə,
                {{team}}
                {{team_email}}
                """)
        case (.digest, .en):
            return MailTemplate(subject: "Security events in your networks: {{period}}", body: """
                Dear {{recipient}},

                Our automated feeds observed {{event_count}} security events concerning
                {{organisation}} in the period {{period}}. The table sums them up by type;
                the attached CSV file lists every event.

                {{summary_table}}

                Please check the systems concerned. Reply to this message if you have
                questions or think an event is not yours.

                Best regards,
                {{team}}
                {{team_email}}
                """)
        case (.digest, .az):
            return MailTemplate(subject: "Şəbəkələrinizdə təhlükəsizlik hadisələri: {{period}}", body: """
                Hörmətli {{recipient}},

                Avtomatlaşdırılmış mənbələrimiz {{period}} dövründə {{organisation}} ilə
                bağlı {{event_count}} təhlükəsizlik hadisəsi qeydə alıb. Cədvəl onları
                növlərə görə ümumiləşdirir; əlavə olunmuş CSV faylında hər hadisə var.

                {{summary_table}}

                Zəhmət olmasa, adı çəkilən sistemləri yoxlayın. Sualınız olarsa və ya hadisə
                sizə aid deyilsə, bu məktuba cavab verin.

                Hörmətlə,
                {{team}}
                {{team_email}}
                """)
        }
    }
}
