import QalxanWeb
