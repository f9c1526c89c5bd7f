import QalxanCore
