/// The site's only stylesheet, served at `Paths.stylesheet`. Kept in Swift so that the
/// binary carries everything it serves; no scripts, fonts or images from elsewhere
/// (the server sends `Content-Security-Policy: default-src 'self'`).
public enum Stylesheet {
    public static let css: String = """
    :root{
      --fg:#1a1d21;--muted:#55606b;--bg:#ffffff;--bg-alt:#f4f6f8;--line:#d3d9df;
      --accent:#0b4f8a;--accent-dark:#083a66;--accent-bg:#e8f0f8;
      --danger:#a4161a;--danger-bg:#fdecec;--ok:#1e6b34;--ok-bg:#e7f4ea;--warn-bg:#fff6dc;--warn:#7a5200;
      --focus:#ffbf47;--radius:4px;--wrap:72rem;
      --font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;
      --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
    }
    *,*::before,*::after{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;font-family:var(--font);font-size:1rem;line-height:1.55;color:var(--fg);background:var(--bg);
      overflow-wrap:anywhere;min-width:0}
    main{display:block;padding-top:1.25rem;padding-bottom:3rem;min-height:60vh}
    h1,h2,h3,h4{line-height:1.25;margin:1.5rem 0 .6rem}
    h1{font-size:1.9rem;margin-top:.5rem}
    h2{font-size:1.4rem}
    h3{font-size:1.15rem}
    h4{font-size:1rem}
    p,ul,ol,dl{margin:0 0 1rem}
    a{color:var(--accent);text-underline-offset:.15em}
    a:hover{color:var(--accent-dark)}
    a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,
    summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--fg)}
    code,pre,.hash,.mono{font-family:var(--mono);font-size:.92em}
    code{background:var(--bg-alt);padding:.05em .3em;border-radius:3px;overflow-wrap:anywhere;word-break:break-all}
    img{max-width:100%;height:auto}
    .wrap{max-width:var(--wrap);margin:0 auto;padding-left:1rem;padding-right:1rem}
    .muted{color:var(--muted)}
    .lead{font-size:1.15rem;color:var(--muted);max-width:48rem}
    .hint{color:var(--muted);font-size:.93rem;margin:.15rem 0 .4rem}
    .text{white-space:pre-line;overflow-wrap:anywhere;max-width:48rem}
    .nowrap{white-space:nowrap}
    .wrap-anywhere,.filename,.excerpt,.detail,.title-cell{overflow-wrap:anywhere;word-break:break-word}
    .visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
    /* The honeypot: off screen, not display:none, so that bots still fill it in. */
    .hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
    .skip-link{position:absolute;left:-10000px;top:0;background:var(--focus);color:#000;padding:.5rem 1rem;z-index:10}
    .skip-link:focus{left:0}

    /* Header, navigation, footer */
    .site-header{background:var(--accent-dark);color:#fff}
    .site-header a{color:#fff}
    .header-row{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;padding-top:.7rem;padding-bottom:.7rem}
    .brand{text-decoration:none;font-weight:700;font-size:1.15rem;display:inline-flex;flex-wrap:wrap;gap:.1rem .45rem;align-items:baseline;min-width:0}
    .brand-team{overflow-wrap:anywhere}
    .brand-app{font-weight:400;opacity:.85}
    .brand-console{font-weight:400;font-size:.85rem;border:1px solid rgba(255,255,255,.6);border-radius:var(--radius);padding:0 .4rem}
    .lang-switch ul,.main-nav ul,.tabs ul,.pagination ul,.cards,.plain{list-style:none;margin:0;padding:0}
    .lang-switch a{display:inline-block;padding:.2rem .5rem;border:1px solid rgba(255,255,255,.6);border-radius:var(--radius);text-decoration:none;font-size:.9rem}
    .main-nav{background:var(--accent)}
    .main-nav ul{display:flex;flex-wrap:wrap;gap:0 .25rem}
    .main-nav a{display:block;padding:.55rem .7rem;text-decoration:none;font-weight:600}
    .main-nav a:hover{background:rgba(255,255,255,.12)}
    .main-nav a[aria-current]{box-shadow:inset 0 -4px 0 #fff}
    .account{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;font-size:.92rem}
    .account .badge{background:rgba(255,255,255,.15);color:#fff;border-color:rgba(255,255,255,.5)}
    form.inline{display:inline;margin:0}
    .link-button{background:none;border:1px solid rgba(255,255,255,.6);color:#fff;border-radius:var(--radius);padding:.15rem .5rem;font:inherit;cursor:pointer}
    .site-footer{border-top:1px solid var(--line);background:var(--bg-alt);color:var(--muted);font-size:.9rem;padding:1rem 0}
    .site-footer p{margin:.25rem 0}
    .flash{background:var(--ok-bg);border-left:5px solid var(--ok);padding:.7rem 1rem;margin:0 0 1rem}
    .breadcrumb{margin:0 0 .25rem;font-size:.92rem}

    /* Buttons */
    .button,button{display:inline-block;font:inherit;font-weight:600;line-height:1.2;padding:.55rem 1rem;border-radius:var(--radius);
      border:2px solid var(--accent);background:#fff;color:var(--accent);text-decoration:none;cursor:pointer;text-align:center}
    .button:hover,button:hover{background:var(--accent-bg)}
    .button.primary,button.primary{background:var(--accent);color:#fff}
    .button.primary:hover,button.primary:hover{background:var(--accent-dark);border-color:var(--accent-dark)}
    .button.danger,button.danger{border-color:var(--danger);color:var(--danger);background:#fff}
    .button.danger:hover,button.danger:hover{background:var(--danger-bg)}
    .button.big{font-size:1.15rem;padding:.8rem 1.4rem}
    .button.small{font-size:.88rem;padding:.25rem .6rem}

    /* Home */
    .hero{padding:1rem 0 .5rem}
    .hero h1{font-size:2.2rem}
    .cta{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.25rem 0 .5rem}
    .columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,20rem),1fr));gap:0 2rem}
    .reach{border-top:1px solid var(--line);margin-top:1rem}

    /* Profile */
    .secno{color:var(--muted);font-variant-numeric:tabular-nums;margin-right:.2rem}
    .profile-heading h2{border-bottom:2px solid var(--line);padding-bottom:.25rem;margin-top:2rem}
    .profile-section{margin-left:0}
    .not-provided{font-style:italic}

    /* Facts (definition lists in a grid) */
    .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,14rem),1fr));gap:.6rem 1.5rem;margin:1rem 0 1.5rem}
    .facts div{min-width:0}
    .facts dt{font-size:.85rem;color:var(--muted);font-weight:600}
    .facts dd{margin:0;overflow-wrap:anywhere}

    /* Forms */
    .form{max-width:44rem}
    .form.wide{max-width:none}
    .narrow{max-width:28rem}
    fieldset{border:1px solid var(--line);border-radius:var(--radius);padding:.75rem 1rem 1rem;margin:0 0 1.25rem;min-width:0}
    legend{font-weight:700;padding:0 .3rem}
    .field{margin:0 0 1rem;min-width:0}
    .field label,.field>label{display:block;font-weight:600;margin-bottom:.15rem}
    .mark{font-weight:400;font-size:.85rem;color:var(--muted)}
    input,select,textarea{font:inherit;color:var(--fg);background:#fff;border:2px solid #6b7680;border-radius:var(--radius);padding:.4rem .5rem;max-width:100%}
    input[type=text],input[type=email],input[type=tel],input[type=password],input[type=search],input[type=number],
    input[type=datetime-local],select,textarea{width:100%}
    input[type=number]{max-width:10rem}
    input[type=checkbox],input[type=radio]{width:1.15rem;height:1.15rem;vertical-align:-.2rem;margin:0 .3rem 0 0}
    input[type=file]{border-style:dashed;width:100%;padding:.6rem}
    textarea{resize:vertical;min-height:5rem}
    .choices label,.choice{display:block;margin:.3rem 0;font-weight:400}
    .has-error input,.has-error select,.has-error textarea,[aria-invalid=true]{border-color:var(--danger)}
    .has-error{border-left:4px solid var(--danger);padding-left:.75rem}
    .field-error{color:var(--danger);font-weight:700;margin:.15rem 0 .3rem}
    .error-summary{border:3px solid var(--danger);background:var(--danger-bg);padding:.75rem 1rem;margin:0 0 1.5rem;border-radius:var(--radius)}
    .error-summary h2{margin:0 0 .4rem;font-size:1.15rem}
    .error-summary ul{margin:0;padding-left:1.2rem}
    .error-summary a{color:var(--danger);font-weight:600}
    .notice{background:var(--accent-bg);border-left:5px solid var(--accent);padding:.6rem 1rem}
    .warning{background:var(--warn-bg);border-left:5px solid #d69e00;padding:.6rem 1rem;color:#3d2b00}
    .actions{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem;margin-top:1rem}
    .row-form{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin:0}
    .row-form select{width:auto}
    .tlp-help{display:grid;grid-template-columns:auto 1fr;gap:.35rem .75rem;font-size:.92rem;margin:.25rem 0 1rem}
    .tlp-help div{display:contents}
    .tlp-help dd{margin:0}
    .side-by-side{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,18rem),1fr));gap:0 1rem}
    .settings-heading{border-bottom:2px solid var(--line);padding-bottom:.25rem}
    .card{border:1px solid var(--line);border-radius:var(--radius);padding:.25rem 1rem 1rem;margin:0 0 1.25rem;background:#fff;min-width:0}
    .card h2,.card h3{margin-top:.75rem}

    /* Receipt and status */
    .tracking{font-size:1.1rem}
    .number{font-family:var(--mono);font-weight:700}
    .number.big{display:inline-block;font-size:1.8rem;letter-spacing:.02em;border:2px solid var(--accent);border-radius:var(--radius);padding:.2rem .6rem;background:var(--accent-bg)}
    .copy{display:block;padding:.6rem .75rem;border:1px solid var(--line);background:var(--bg-alt);user-select:all;-webkit-user-select:all;word-break:break-all}
    .secret-link,.secret-box{border:2px solid #d69e00;border-radius:var(--radius);padding:.25rem 1rem .5rem;margin:1rem 0 1.5rem}
    .files{padding-left:1.2rem}
    .refused .reason{color:var(--danger)}
    .status-now{border-left:6px solid var(--accent);background:var(--accent-bg);padding:.25rem 1rem .5rem;margin:1rem 0}
    .status-now.state-rejected{border-color:var(--muted);background:var(--bg-alt)}
    .status-now.state-resolved,.status-now.state-closed{border-color:var(--ok);background:var(--ok-bg)}
    .steps{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;counter-reset:step}
    .steps li{counter-increment:step;border:1px solid var(--line);border-radius:999px;padding:.2rem .8rem;font-size:.92rem;color:var(--muted)}
    .steps li::before{content:counter(step) ". "}
    .steps li.done{color:var(--ok);border-color:var(--ok)}
    .steps li.current{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:700}
    .error-page{padding:2rem 0}
    .error-code{font-size:3rem;font-weight:800;color:var(--muted);margin:0;line-height:1}

    /* Badges */
    .badge{display:inline-block;font-size:.82rem;font-weight:700;line-height:1.3;padding:.1rem .5rem;border-radius:999px;
      border:1px solid var(--line);background:var(--bg-alt);color:var(--fg);white-space:nowrap}
    .status-new{background:#e8f0f8;border-color:#0b4f8a;color:#0b4f8a}
    .status-open{background:#fff6dc;border-color:#8a6100;color:#5c4100}
    .status-in_progress{background:#eee8f8;border-color:#5a3e99;color:#44307a}
    .status-waiting{background:#fdf0e6;border-color:#a14f00;color:#7a3c00}
    .status-resolved{background:#e7f4ea;border-color:#1e6b34;color:#1e6b34}
    .status-closed{background:#eceff1;border-color:#55606b;color:#37404a}
    .status-rejected{background:#fdecec;border-color:#a4161a;color:#a4161a}
    .status-merged{background:#eceff1;border-color:#55606b;color:#37404a;font-style:italic}
    .severity-low{background:#eceff1;color:#37404a}
    .severity-medium{background:#fff6dc;border-color:#8a6100;color:#5c4100}
    .severity-high{background:#fdf0e6;border-color:#a14f00;color:#7a3c00}
    .severity-critical{background:#a4161a;border-color:#a4161a;color:#fff}
    .report-new{background:#e8f0f8;border-color:#0b4f8a;color:#0b4f8a}
    .report-linked{background:#e7f4ea;border-color:#1e6b34;color:#1e6b34}
    .badge.revoked{background:#fdecec;border-color:#a4161a;color:#a4161a}
    .badge.active{background:#e7f4ea;border-color:#1e6b34;color:#1e6b34}
    /* TLP 2.0 colours (FIRST): RED #FF2B2B, AMBER #FFC000, GREEN #33FF00; CLEAR is white. */
    .tlp{display:inline-block;font-family:var(--mono);font-size:.8rem;font-weight:700;padding:.08rem .45rem;border-radius:3px;
      border:1px solid #000;white-space:nowrap;color:#000;background:#fff}
    .tlp-red,.pap-red{background:#ff2b2b;color:#000}
    .tlp-amber,.tlp-amber-strict,.pap-amber{background:#ffc000;color:#000}
    .tlp-green,.pap-green{background:#33ff00;color:#000}
    .tlp-clear,.pap-clear{background:#fff;color:#000;border-color:#000}

    /* Tables */
    .table-wrap{overflow-x:auto;position:relative;max-width:100%;margin:0 0 1.25rem;border:1px solid var(--line);border-radius:var(--radius)}
    table{border-collapse:collapse;width:100%;font-size:.94rem}
    caption{text-align:left;font-weight:700;padding:.5rem}
    th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
    thead th{background:var(--bg-alt);font-size:.88rem;white-space:nowrap}
    tbody tr:hover{background:#fafbfc}
    td.num{text-align:right;font-variant-numeric:tabular-nums}
    td.excerpt,td.detail,td.title-cell{min-width:12rem;max-width:32rem}
    th a{text-decoration:none;color:inherit}
    th a:hover{text-decoration:underline}
    tr.broken{background:var(--danger-bg)}
    .hash{word-break:break-all;font-size:.82rem}
    .empty{padding:1rem;border:1px dashed var(--line);border-radius:var(--radius)}

    /* Console pieces */
    .title-row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,9rem),1fr));gap:.6rem}
    .count-card{display:block;border:1px solid var(--line);border-left-width:6px;border-radius:var(--radius);padding:.5rem .75rem;text-decoration:none;color:var(--fg)}
    .count-card .count{display:block;font-size:1.6rem;font-weight:800}
    .count-card .label{font-size:.9rem;color:var(--muted)}
    .count-line{color:var(--muted);margin:.5rem 0}
    .tabs ul{display:flex;flex-wrap:wrap;gap:.25rem;border-bottom:2px solid var(--line);margin-bottom:1rem}
    .tabs a{display:block;padding:.45rem .9rem;text-decoration:none;border:1px solid transparent;border-bottom:none;border-radius:var(--radius) var(--radius) 0 0}
    .tabs a[aria-current]{border-color:var(--line);background:#fff;font-weight:700;margin-bottom:-2px;border-bottom:2px solid #fff}
    .pagination ul{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center}
    .pagination a{display:inline-block;min-width:2.2rem;text-align:center;padding:.3rem .55rem;border:1px solid var(--line);border-radius:var(--radius);text-decoration:none}
    .pagination a[aria-current]{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:700}
    .filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,12rem),1fr));gap:0 1rem;background:var(--bg-alt);
      padding:.75rem 1rem;border-radius:var(--radius);margin:0 0 1rem}
    .filters .field{margin-bottom:.6rem}
    .filters .actions{grid-column:1/-1;margin-top:0}
    .triage-forms{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,18rem),1fr));gap:1rem}
    .incident-header .number{margin:0;color:var(--muted)}
    .incident-header h1{margin-top:.1rem}
    .badges{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
    .incident-layout{display:grid;grid-template-columns:minmax(0,1fr);gap:1.5rem}
    .linked-reports{padding-left:1.2rem}
    .linked-reports .excerpt{display:block;color:var(--muted);font-size:.92rem}
    .banner{padding:.75rem 1rem;border-radius:var(--radius);margin:0 0 1rem;border-left:6px solid}
    .banner.ok{background:var(--ok-bg);border-color:var(--ok)}
    .banner.danger{background:var(--danger-bg);border-color:var(--danger);color:#5c0c0e}

    /* Constituency */
    .other-name{display:block;font-size:.85rem;color:var(--muted);font-weight:400}
    .org-chain a{white-space:nowrap}
    .org-parents{color:var(--muted);margin:.1rem 0 .5rem}
    .inline-list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.1rem .8rem}
    .badge.flag,.badge.outside,.pgp-no_encryption_key{background:var(--warn-bg);border-color:#8a6100;color:#5c4100}
    .pgp-valid,.source-observed{background:var(--ok-bg);border-color:var(--ok);color:var(--ok)}
    .pgp-expired,.pgp-revoked{background:var(--danger);border-color:var(--danger);color:#fff}
    .source-partner,.primary-mark{background:var(--accent-bg);border-color:var(--accent);color:var(--accent)}
    .fingerprint{display:block;word-break:normal;max-width:25ch;font-size:.85rem}
    .pgp-expiry{display:block;font-size:.85rem}
    .pgp-help{display:block;font-size:.85rem;color:var(--muted);min-width:14rem}
    .overlaps{font-size:.88rem;margin-top:.3rem}
    .overlaps ul{margin:0;padding-left:1.1rem}
    .small-link{font-size:.85rem}
    .edit-row td{background:var(--bg-alt);padding-top:.2rem}
    details>summary{cursor:pointer;font-weight:600;padding:.25rem 0}
    details.card>summary{font-size:1.15rem;padding:.75rem 0}
    .danger-zone{border-color:var(--danger)}
    .affected-list{list-style:none;margin:0 0 1rem;padding:0}
    .affected-list>li{border-bottom:1px solid var(--line);padding:.5rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline}
    .affected-head{flex:1 1 20rem;min-width:0}
    .observables-line{flex-basis:100%;margin:0;font-size:.9rem}
    .code-list{list-style:none;margin:0 0 1rem;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .6rem}

    /* Timeline */
    .tl{list-style:none;margin:0;padding:0;border-left:2px solid var(--line);margin-left:.9rem}
    .tl-item{position:relative;padding:0 0 1rem 1.6rem}
    .tl-icon{position:absolute;left:-.95rem;top:0;width:1.8rem;height:1.8rem;border-radius:50%;background:#fff;border:2px solid var(--line);
      display:flex;align-items:center;justify-content:center;font-size:.9rem;line-height:1}
    .tl-head{margin:0 0 .25rem;font-size:.92rem;color:var(--muted)}
    .tl-kind{color:var(--fg)}
    .tl-content{min-width:0}
    .tl-content .text{background:var(--bg-alt);padding:.5rem .75rem;border-radius:var(--radius)}
    .tl-note .text{background:var(--warn-bg);border-left:4px solid #d69e00}
    .tl-note .tl-icon{border-color:#d69e00}
    .tl-comment .tl-icon{border-color:var(--accent)}
    .tl-status .tl-icon{border-color:var(--ok)}
    .tl-data{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:.1rem .75rem;font-size:.88rem;margin:.3rem 0 0}
    .tl-data div{display:contents}
    .tl-data dt{color:var(--muted);font-family:var(--mono);min-width:0;overflow-wrap:anywhere}
    .tl-data dd{margin:0;overflow-wrap:anywhere}

    /* Feeds, runs and events */
    .badge.disabled{background:#eceff1;border-color:#55606b;color:#37404a}
    .run-running{background:var(--accent-bg);border-color:var(--accent);color:var(--accent)}
    .run-finished{background:var(--ok-bg);border-color:var(--ok);color:var(--ok)}
    /* Failed: solid red. Interrupted (stopped half-way): amber with a dashed border. */
    .run-failed{background:var(--danger);border-color:var(--danger);color:#fff}
    .run-interrupted{background:var(--warn-bg);border:2px dashed #8a6100;color:#5c4100}
    .run-row-failed td:first-child{box-shadow:inset 4px 0 0 var(--danger)}
    .run-row-interrupted td:first-child{box-shadow:inset 4px 0 0 #d69e00}
    .banner.warn{background:var(--warn-bg);border-color:#d69e00;color:#3d2b00}
    .feed-error,.run-error{color:var(--danger)}
    .banner .run-error{color:inherit}
    .run-error.small{display:block;font-size:.85rem;max-width:24rem;overflow-wrap:anywhere}
    .feed-error{font-size:.88rem;margin-top:.2rem;overflow-wrap:anywhere}
    .run-counts{display:block;font-size:.85rem;color:var(--muted)}
    .quarantine-count{font-weight:700;color:var(--warn)}
    .replay-of{display:block;font-size:.85rem}
    .filter-note{margin:.5rem 0}
    pre.raw{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all;max-width:40rem;background:var(--bg-alt);
      padding:.3rem .5rem;border-radius:3px}
    td.raw-cell{min-width:14rem}
    .event-counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,20rem),1fr));gap:0 1rem}
    table.counts{font-size:.9rem}
    .select-cell{width:2rem}
    .source-cell>span,.identifier,.feed-url,.feed-directory{display:block}
    .identifier{font-size:.85rem}
    .promote{margin-top:.5rem}
    .chosen{margin:.2rem 0}
    .field-label{display:block;font-weight:600;margin-bottom:.15rem}
    .field-value{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;font-family:var(--mono);font-size:.9rem}
    .related-links{margin:-.5rem 0 1.5rem}

    /* Advisories */
    .advisory-list{list-style:none;padding:0;margin:1rem 0}
    .advisory-item{border-top:1px solid var(--line,#d0d7de);padding:.75rem 0}
    .advisory-item h2{font-size:1.15rem;margin:0 0 .25rem}
    .meta{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.25rem 0}
    .tracking-id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700}
    .facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,14rem),1fr));gap:.5rem 1rem;margin:1rem 0}
    .facts dt{font-weight:700;font-size:.9rem}
    .facts dd{margin:0;overflow-wrap:anywhere}
    .vector{overflow-wrap:anywhere}
    .markdown pre{overflow-x:auto;max-width:100%}
    .markdown table{display:block;overflow-x:auto;max-width:100%}
    .markdown img{max-width:100%}
    .markdown .align-left{text-align:left}
    .markdown .align-center{text-align:center}
    .markdown .align-right{text-align:right}
    .markdown p,.markdown li,.markdown blockquote,.references,.advisory .lead{overflow-wrap:anywhere}
    .language-columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr));gap:0 1.5rem}
    .language-column{min-width:0}
    .badge.kind{background:#eef2f7;border-color:#3b4a5a;color:#1f2a36}
    .badge.kind-alert{background:#fdecec;border-color:#a4161a;color:#7a1014}
    .badge.draft{background:#eceff1;border-color:#55606b;color:#37404a}
    .badge.changed{background:var(--warn-bg);border-color:#8a6100;color:#5c4100}
    .badge.published{background:#e7f4ea;border-color:#1e6b34;color:#1e6b34}
    .print-header{border-bottom:2px solid #000;margin-bottom:1rem}
    body.print .advisory-actions{display:none}
    @media (min-width:60rem){
      .incident-layout{grid-template-columns:minmax(0,1fr) minmax(0,22rem)}
      .incident-forms{grid-column:2;grid-row:1}
      .incident-main{grid-column:1;grid-row:1}
    }
    @media (max-width:30rem){
      h1{font-size:1.55rem}
      .hero h1{font-size:1.75rem}
      .button.big{width:100%}
      .number.big{font-size:1.35rem}
      .wrap{padding-left:.75rem;padding-right:.75rem}
    }
    @media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
    @media print{
      .site-header,.site-footer,.lang-switch,.main-nav,.incident-forms,.triage,.pagination,.filters,.actions,form,.skip-link{display:none!important}
      body{font-size:11pt;color:#000}
      a{color:#000;text-decoration:underline}
      .table-wrap{overflow:visible;border:none}
      .tlp,.badge{border:1px solid #000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
      main{padding:0}
      /* The event list sits in the promote form: print the list, not the controls. */
      form.promote-form{display:block!important}
      .promote,.select-cell{display:none!important}
      .advisory-actions,.feeds{display:none!important}
    }
    """
}
