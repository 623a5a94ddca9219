//! The co-op's profile (name, credit code, where it is) and its charter settings (章程): the
//! reserve rate, the patronage rate (≥ 60 %, Co-operative Law Art. 44) and the collective's
//! minimum share. Rates are exact decimals, stored as decimal text.

use crate::base::error::{Error, Result};
use crate::base::ids;
use crate::base::money::parse_rate;
use crate::ledger::account;
use crate::ledger::member::{self, Member, NewMember};
use crate::store::backup::BackupPlace;
use crate::store::book::{Book, Tx};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What the user enters to create a book.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewCoop {
    pub name: String,
    pub uscc: String,
    pub village: String,
    pub township: String,
    pub county: String,
    pub reserve_rate: Option<String>,
    pub patronage_rate: Option<String>,
    pub collective_min_share: Option<String>,
}

/// The co-op as stored.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coop {
    pub name: String,
    pub uscc: String,
    pub village: String,
    pub township: String,
    pub county: String,
    pub charter: Charter,
}

/// Charter settings, exact decimals (`0.10` is 10 %).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Charter {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub reserve_rate: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub patronage_rate: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub collective_min_share: Decimal,
    /// Whether members may contribute labour (工日).
    pub allow_labour: bool,
    /// The largest share one member other than the collective may hold.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub member_cap: Decimal,
}

/// A change to the charter: what is left out keeps its value.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CharterChange {
    pub reserve_rate: Option<String>,
    pub patronage_rate: Option<String>,
    pub collective_min_share: Option<String>,
    pub allow_labour: Option<bool>,
    pub member_cap: Option<String>,
}

/// The lowest patronage rate the law allows (Art. 44: not less than 60 % of distributable surplus).
pub fn min_patronage_rate() -> Decimal {
    Decimal::new(60, 2)
}

fn required(value: &str, field: &str, zh: &str, en: &str) -> Option<Error> {
    value
        .trim()
        .is_empty()
        .then(|| Error::new("field-required", format!("请填写{zh}"), format!("{en} is required")).at(field))
}

/// Validates charter input; `None` fields take the legal defaults (10 %, 60 %, 30 %).
pub fn parse_charter(reserve: Option<&str>, patronage: Option<&str>, collective: Option<&str>) -> Result<Charter> {
    let mut errors = Vec::new();
    let mut rate = |v: Option<&str>, default: &str, field: &str| match parse_rate(v.unwrap_or(default), field) {
        Ok(d) => d,
        Err(e) => {
            errors.push(e);
            Decimal::ZERO
        }
    };
    let reserve_rate = rate(reserve, "0.10", "reserve_rate");
    let patronage_rate = rate(patronage, "0.60", "patronage_rate");
    let collective_min_share = rate(collective, "0.30", "collective_min_share");
    if errors.is_empty() && patronage_rate < min_patronage_rate() {
        errors.push(patronage_too_low(patronage_rate));
    }
    if errors.is_empty() {
        Ok(Charter {
            reserve_rate,
            patronage_rate,
            collective_min_share,
            allow_labour: true,
            member_cap: Decimal::new(20, 2),
        })
    } else {
        Err(Error::many(errors))
    }
}

pub fn patronage_too_low(rate: Decimal) -> Error {
    let pct = (rate * Decimal::ONE_HUNDRED).normalize();
    Error::new(
        "patronage-rate-too-low",
        format!("按交易量（额）返还的比例 {pct}% 低于法定的 60%（《农民专业合作社法》第四十四条）"),
        format!("patronage refund rate {pct}% is below the legal minimum of 60% (Co-operative Law Art. 44)"),
    )
    .at("patronage_rate")
}

/// The first-run setup of a book, done as one: the co-op's profile, its charter (the legal
/// defaults where a rate is left out), the village collective as member no. 1, the admin's
/// password and the folder for the automatic backups. Every optional part may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Setup {
    pub coop: NewCoop,
    /// Whether members may contribute labour (工日); yes when left out.
    pub allow_labour: Option<bool>,
    /// The largest share one member other than the collective may hold; 20 % when left out.
    pub member_cap: Option<String>,
    /// The village collective (村集体经济组织), entered as member no. 1; its kind is `collective`.
    pub collective: Option<NewMember>,
    /// The password of the user `admin`, who then acts; without one the book starts with no users.
    pub admin_password: Option<String>,
    /// A full path for the automatic backups; `备份` beside the book when left out.
    pub backup_dir: Option<String>,
}

/// What a setup made.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupDone {
    pub book: String,
    pub coop: Coop,
    /// Member no. 1, the village collective, when one was entered.
    pub collective: Option<Member>,
    /// Whether the user `admin` was made (and is acting).
    pub admin: bool,
    pub backups: BackupPlace,
}

/// The same error about a field of a part of the form: `name` of the collective is `collective.name`.
fn under(prefix: &str, mut e: Error) -> Error {
    e.field = e.field.map(|f| format!("{prefix}.{f}"));
    e.fields = e.fields.into_iter().map(|f| format!("{prefix}.{f}")).collect();
    e
}

/// Checks the profile and charter of a new book, pushing every problem to `errors`.
fn checked_coop(input: &NewCoop, errors: &mut Vec<Error>) -> Option<Coop> {
    errors.extend(
        [
            required(&input.name, "name", "合作社名称", "the co-op's name"),
            required(&input.village, "village", "村", "the village"),
            required(&input.township, "township", "乡镇", "the township"),
            required(&input.county, "county", "县", "the county"),
        ]
        .into_iter()
        .flatten(),
    );
    let uscc = ids::validate_uscc(&input.uscc).map_err(|e| errors.push(e)).ok();
    let charter = parse_charter(
        input.reserve_rate.as_deref(),
        input.patronage_rate.as_deref(),
        input.collective_min_share.as_deref(),
    )
    .map_err(|e| errors.push(e))
    .ok();
    Some(Coop {
        name: input.name.trim().to_string(),
        uscc: uscc?,
        village: input.village.trim().to_string(),
        township: input.township.trim().to_string(),
        county: input.county.trim().to_string(),
        charter: charter?,
    })
}

/// Creates a book with the co-op's profile and the seeded chart of accounts, in one transaction.
pub fn init(path: &Path, user: &str, input: &NewCoop) -> Result<Book> {
    setup(path, user, &Setup { coop: input.clone(), ..Setup::default() }).map(|(book, _)| book)
}

/// Creates a book from the first-run setup, in one transaction: every part is checked first and
/// every problem reported at once (the collective's fields as `collective.name` …); a refused
/// setup leaves no file and no folder behind.
pub fn setup(path: &Path, user: &str, input: &Setup) -> Result<(Book, SetupDone)> {
    let mut errors = Vec::new();
    let coop = checked_coop(&input.coop, &mut errors);
    let cap = match input.member_cap.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => parse_rate(c, "member_cap").map_err(|e| errors.push(e)).ok(),
        None => Some(Decimal::new(20, 2)),
    };
    let collective = input.collective.as_ref().map(|m| NewMember { kind: "collective".into(), ..m.clone() });
    if let Some(m) = &collective {
        errors.extend(member::check_new(m).into_iter().map(|e| under("collective", e)));
        if let (Some(c), Ok(id)) = (&coop, ids::validate_uscc(&m.id_card)) {
            if id == c.uscc {
                errors.push(Error::new(
                    "collective-same-uscc",
                    "村集体经济组织的统一社会信用代码不能与合作社本身的相同（村集体是合作社的成员，不是合作社）",
                    "the village collective's credit code cannot be the co-op's own (the collective is a member of \
                        the co-op, not the co-op)",
                ).at("collective.id_card"));
            }
        }
    }
    // An empty password is refused as too short, not taken for none.
    let password = input.admin_password.as_deref();
    if let Some(p) = password {
        if let Err(e) = crate::store::users::check_password_rules(p) {
            errors.push(e);
        }
    }
    if path.exists() {
        errors.push(
            Error::new(
                "book-exists",
                format!("文件 {} 已存在，不会覆盖", path.display()),
                format!("{} already exists and will not be overwritten", path.display()),
            )
            .at("path"),
        );
    }
    let (Some(mut coop), Some(cap), true) = (coop, cap, errors.is_empty()) else {
        return Err(Error::many(errors));
    };
    coop.charter.allow_labour = input.allow_labour.unwrap_or(true);
    coop.charter.member_cap = cap;
    // The backup folder last: checking it may make it, and it goes again if the book is not made.
    let (backup_dir, made_dir) = match input.backup_dir.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => {
            let (dir, made) = crate::store::backup::check_dir(d)?;
            (Some(dir.display().to_string()), made.map(|top| (dir, top)))
        }
        None => (None, None),
    };
    let phc = password.map(crate::store::users::hash_password).transpose()?;
    let made = (|| {
        let mut book = Book::create(path, user)?;
        let created = book.write(crate::store::access::Perm::Settings, |tx| {
            tx.execute(
                "INSERT INTO coop (id, name, uscc, village, township, county, reserve_rate, patronage_rate, \
                    collective_min_share, allow_labour, member_cap, backup_dir, created_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    coop.name,
                    coop.uscc,
                    coop.village,
                    coop.township,
                    coop.county,
                    coop.charter.reserve_rate.to_string(),
                    coop.charter.patronage_rate.to_string(),
                    coop.charter.collective_min_share.to_string(),
                    coop.charter.allow_labour,
                    coop.charter.member_cap.to_string(),
                    backup_dir,
                    tx.now
                ],
            )?;
            let mut logged = serde_json::to_value(&coop)?;
            if let Some(d) = &backup_dir {
                logged["backup_dir"] = serde_json::json!(d);
            }
            tx.log("coop.init", "coop", 1, &logged)?;
            account::seed(tx)?;
            // The key that signs the co-op's sync bundles, made with the book.
            crate::store::keys::ensure_key(tx)?;
            if let Some(phc) = &phc {
                crate::store::users::insert_user(tx, "admin", crate::store::access::Role::Admin, phc)?;
            }
            collective.as_ref().map(|m| member::add_in(tx, m).map_err(|e| under("collective", e))).transpose()
        });
        match created {
            Ok(no) => Ok((book, no)),
            Err(e) => {
                // The schema is there but the profile is not: remove the file so the user can try again.
                drop(book);
                for suffix in ["", "-wal", "-shm", "-lock"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
                Err(e)
            }
        }
    })();
    let (mut book, no) = match made {
        Ok(m) => m,
        Err(e) => {
            if let Some((dir, top)) = made_dir {
                crate::store::backup::unmake(&dir, Some(&top));
            }
            return Err(e);
        }
    };
    if phc.is_some() {
        book.set_acting("admin", Some(crate::store::access::Role::Admin));
    }
    let done = SetupDone {
        book: path.display().to_string(),
        coop: book.coop()?,
        collective: no.map(|n| book.member(n)).transpose()?,
        admin: phc.is_some(),
        backups: book.backup_place()?,
    };
    Ok((book, done))
}

impl Book {
    /// Whether the charter allows contributions in labour, and the largest share one member other
    /// than the collective may hold.
    pub fn charter_extras(&self) -> Result<(bool, Decimal)> {
        let (allow, cap): (bool, String) =
            self.conn.query_row("SELECT allow_labour, member_cap FROM coop WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok((allow, cap.parse().map_err(Error::internal)?))
    }

    /// The co-op's profile and charter.
    pub fn coop(&self) -> Result<Coop> {
        let row = self.conn.query_row(
            "SELECT name, uscc, village, township, county, reserve_rate, patronage_rate, collective_min_share, \
                allow_labour, member_cap FROM coop WHERE id = 1",
            [],
            |r| {
                Ok((
                    Coop {
                        name: r.get(0)?,
                        uscc: r.get(1)?,
                        village: r.get(2)?,
                        township: r.get(3)?,
                        county: r.get(4)?,
                        charter: Charter {
                            reserve_rate: Decimal::ZERO,
                            patronage_rate: Decimal::ZERO,
                            collective_min_share: Decimal::ZERO,
                            allow_labour: r.get(8)?,
                            member_cap: Decimal::ZERO,
                        },
                    },
                    [r.get::<_, String>(5)?, r.get::<_, String>(6)?, r.get::<_, String>(7)?, r.get::<_, String>(9)?],
                ))
            },
        )?;
        let (mut coop, rates) = row;
        let dec = |s: &str| s.parse::<Decimal>().map_err(Error::internal);
        coop.charter.reserve_rate = dec(&rates[0])?;
        coop.charter.patronage_rate = dec(&rates[1])?;
        coop.charter.collective_min_share = dec(&rates[2])?;
        coop.charter.member_cap = dec(&rates[3])?;
        Ok(coop)
    }

    /// Changes the charter's three rates (validated as at `init`).
    pub fn set_charter(
        &mut self,
        reserve: Option<&str>,
        patronage: Option<&str>,
        collective: Option<&str>,
    ) -> Result<Charter> {
        let s = |v: Option<&str>| v.map(str::to_string);
        self.update_charter(&CharterChange {
            reserve_rate: s(reserve),
            patronage_rate: s(patronage),
            collective_min_share: s(collective),
            ..CharterChange::default()
        })
    }

    /// Changes any of the charter settings in one transaction (one `coop.charter` log row with the
    /// whole charter before and after); what is left out keeps its value. Every problem at once.
    pub fn update_charter(&mut self, change: &CharterChange) -> Result<Charter> {
        let old = self.coop()?.charter;
        let keep = |v: &Option<String>, old: Decimal| v.clone().unwrap_or_else(|| old.to_string());
        let rates = parse_charter(
            Some(&keep(&change.reserve_rate, old.reserve_rate)),
            Some(&keep(&change.patronage_rate, old.patronage_rate)),
            Some(&keep(&change.collective_min_share, old.collective_min_share)),
        );
        let cap = parse_rate(&keep(&change.member_cap, old.member_cap), "member_cap");
        let (rates, cap) = match (rates, cap) {
            (Ok(r), Ok(c)) => (r, c),
            (r, c) => return Err(Error::many(r.err().into_iter().chain(c.err()).collect())),
        };
        let charter =
            Charter { allow_labour: change.allow_labour.unwrap_or(old.allow_labour), member_cap: cap, ..rates };
        self.write(crate::store::access::Perm::Settings, |tx: &mut Tx| {
            tx.execute(
                "UPDATE coop SET reserve_rate = ?1, patronage_rate = ?2, collective_min_share = ?3, allow_labour = \
                    ?4, member_cap = ?5 WHERE id = 1",
                rusqlite::params![
                    charter.reserve_rate.to_string(),
                    charter.patronage_rate.to_string(),
                    charter.collective_min_share.to_string(),
                    charter.allow_labour,
                    charter.member_cap.to_string()
                ],
            )?;
            tx.log("coop.charter", "coop", 1, &serde_json::json!({"before": old, "after": charter}))?;
            Ok(())
        })?;
        Ok(charter)
    }
}

impl Setup {
    /// The app always makes the admin at setup (a book without users is for scripts): refused
    /// (`field-required` at `password`) without the admin's password.
    pub fn require_admin_password(&self) -> Result<()> {
        if self.admin_password.is_none() {
            return Err(
                Error::new("field-required", "请设置管理员密码", "the admin's password is required").at("password")
            );
        }
        Ok(())
    }
}
