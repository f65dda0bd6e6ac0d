//! The closed lists of names the records use (event kinds, statuses, roles, access levels, …):
//! each is declared once with [`vocabulary!`], and that one list of names is what the store
//! binds, the pages show and parse, files and the API exchange (serde) and the OpenAPI document
//! lists, so no layer retypes a name.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};

/// An enum whose every value has one stored and exchanged name, made by [`vocabulary!`]; lets
/// generic code (labels, form choices, the OpenAPI test) work with any of them.
pub trait Vocabulary: Sized + Copy + Eq + fmt::Debug + 'static {
    /// Every value, in the order declared (the order lists and choices show them in).
    fn all() -> &'static [Self];
    /// The name of every value, in the order of [`Vocabulary::all`].
    fn names() -> &'static [&'static str];
    /// The value's name, as stored, shown in addresses and exchanged in files and the API.
    fn as_str(self) -> &'static str;
    /// What the list is called in errors (`EventKind`).
    fn what() -> &'static str;

    /// The value of a name, or an error that names the bad value and the accepted ones.
    fn from_name(name: &str) -> Result<Self, UnknownName> {
        Self::all()
            .iter()
            .copied()
            .find(|value| value.as_str() == name)
            .ok_or_else(|| UnknownName::new(Self::what(), name, Self::names()))
    }
}

/// A name that is not in a vocabulary: says which list, the value given and the values
/// accepted, so a person or a caller can correct it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`: expected one of {}", expected.join(", "))]
pub struct UnknownName {
    /// The list (`EventKind`).
    pub what: &'static str,
    /// The name given (its first 100 characters).
    pub value: String,
    /// Every accepted name.
    pub expected: &'static [&'static str],
}

impl UnknownName {
    /// The error for `value`, cut to 100 characters so that no long input is echoed whole.
    pub fn new(what: &'static str, value: &str, expected: &'static [&'static str]) -> Self {
        Self {
            what,
            value: value.chars().take(100).collect(),
            expected,
        }
    }
}

/// Deserializes a vocabulary value from its name; an unknown name gives serde's own
/// "unknown variant `x`, expected one of …", as derived enums did.
#[doc(hidden)]
pub struct NameVisitor<T>(PhantomData<T>);

impl<T> NameVisitor<T> {
    /// A visitor for `T`.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for NameVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Vocabulary> Visitor<'_> for NameVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {}", T::names().join(", "))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        T::from_name(name).map_err(|_| E::unknown_variant(name, T::names()))
    }
}

/// The OpenAPI schema of a vocabulary: a string of the listed names, described by the enum's
/// doc comment (as utoipa's derive described it).
#[cfg(feature = "openapi")]
#[doc(hidden)]
pub fn schema(
    doc: &[&str],
    names: &[&str],
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let description = doc.iter().map(|line| line.trim()).collect::<Vec<_>>();
    let description = description.join("\n");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description((!description.is_empty()).then_some(description))
        .enum_values(Some(names.iter().copied()))
        .into()
}

/// Declares an enum of names once: each variant is written `Variant = "name"`, and the macro
/// makes the enum (`Debug, Clone, Copy, PartialEq, Eq` and what `#[derive(…)]` adds), its
/// `ALL`, `NAMES`, `as_str`, `parse`, `FromStr` (error: [`UnknownName`]), `Display`, serde
/// `Serialize`/`Deserialize` by those names, [`Vocabulary`], and (feature `openapi`) the
/// utoipa schema with the same `enum` list.
macro_rules! vocabulary {
    (
        $(#[doc = $doc:literal])*
        $(#[derive($($derive:path),* $(,)?)])?
        $vis:vis enum $name:ident {
            $( $(#[$meta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq $($(, $derive)*)?)]
        $vis enum $name {
            $( $(#[$meta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name of every value, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($value),+];

            /// The name, as stored, shown in addresses and exchanged in files and the API.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)+
                }
            }

            /// The value of a name, if it is one (`str::parse` says what is wrong instead).
            pub fn parse(name: &str) -> Option<Self> {
                name.parse().ok()
            }
        }

        impl $crate::vocabulary::Vocabulary for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn names() -> &'static [&'static str] {
                Self::NAMES
            }
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn what() -> &'static str {
                stringify!($name)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                match name {
                    $($value => Ok($name::$variant),)+
                    _ => Err($crate::vocabulary::UnknownName::new(
                        stringify!($name),
                        name,
                        Self::NAMES,
                    )),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::vocabulary::NameVisitor::<$name>::new())
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                $crate::vocabulary::schema(&[$($doc),*], Self::NAMES)
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {}
    };
}

pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks one vocabulary: every value's name parses back, serializes to that name and
    /// deserializes from it, and a name not in the list is refused with an error naming it.
    pub(crate) fn round_trips<T>()
    where
        T: Vocabulary + std::str::FromStr<Err = UnknownName> + serde::Serialize,
        T: serde::de::DeserializeOwned + fmt::Display,
    {
        assert_eq!(T::all().len(), T::names().len());
        for (value, name) in T::all().iter().zip(T::names()) {
            assert_eq!(value.as_str(), *name);
            assert_eq!(value.to_string(), *name);
            assert_eq!(name.parse::<T>().ok(), Some(*value));
            let json = serde_json::to_value(value).unwrap();
            assert_eq!(json, serde_json::Value::String((*name).to_owned()));
            assert_eq!(serde_json::from_value::<T>(json).unwrap(), *value);
        }
        let mut unique = T::names().to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            T::names().len(),
            "{} repeats a name",
            T::what()
        );
        let error = "no_such_name".parse::<T>().err().unwrap();
        assert_eq!(error.value, "no_such_name");
        let message = error.to_string();
        assert!(message.contains("`no_such_name`"), "{message}");
        assert!(message.contains(T::what()), "{message}");
        for name in T::names() {
            assert!(message.contains(name), "{message}");
        }
        let refused = serde_json::from_value::<T>(serde_json::json!("no_such_name"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            refused.starts_with("unknown variant `no_such_name`"),
            "{refused}"
        );
    }

    #[test]
    fn shared_vocabularies_round_trip() {
        round_trips::<crate::Access>();
        round_trips::<crate::Shared>();
        round_trips::<crate::Kind>();
        round_trips::<crate::Lang>();
        round_trips::<crate::audit::AuditAction>();
    }

    #[test]
    fn account_vocabularies_round_trip() {
        use crate::accounts::{ApiScope, ForumRole, TokenPurpose, UserStatus};
        round_trips::<ForumRole>();
        round_trips::<UserStatus>();
        round_trips::<TokenPurpose>();
        round_trips::<ApiScope>();
    }

    #[test]
    fn network_vocabularies_round_trip() {
        use crate::network::{LogoFormat, MembershipStatus, OrganisationKind, Role};
        round_trips::<MembershipStatus>();
        round_trips::<OrganisationKind>();
        round_trips::<Role>();
        round_trips::<LogoFormat>();
    }

    #[test]
    fn event_vocabularies_round_trip() {
        use crate::events::{EventKind, EventStatus, Format, RegistrationStatus};
        round_trips::<EventKind>();
        round_trips::<Format>();
        round_trips::<EventStatus>();
        round_trips::<RegistrationStatus>();
    }

    #[test]
    fn knowledge_and_portal_vocabularies_round_trip() {
        round_trips::<crate::knowledge::EntryKind>();
        round_trips::<crate::portal::PublicationKind>();
    }

    #[test]
    fn project_vocabularies_round_trip() {
        use crate::projects::{ApplicationStatus, PartnerRole, ProjectKind, ProjectStatus};
        round_trips::<ProjectKind>();
        round_trips::<ProjectStatus>();
        round_trips::<PartnerRole>();
        round_trips::<ApplicationStatus>();
    }

    #[test]
    fn advocacy_and_report_vocabularies_round_trip() {
        use crate::advocacy::{AdvocacyKind, CooperationKind, OutreachKind};
        use crate::report::{Placement, ReportSection};
        round_trips::<AdvocacyKind>();
        round_trips::<CooperationKind>();
        round_trips::<OutreachKind>();
        round_trips::<ReportSection>();
        round_trips::<Placement>();
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_list() {
        let error = "secret".parse::<crate::Access>().err().unwrap();
        assert_eq!(
            error.to_string(),
            "unknown Access `secret`: expected one of public, members, staff"
        );
    }

    #[test]
    fn long_unknown_names_are_cut() {
        let long = "x".repeat(500);
        let error = UnknownName::new("Access", &long, &["public"]);
        assert_eq!(error.value.len(), 100);
    }
}
